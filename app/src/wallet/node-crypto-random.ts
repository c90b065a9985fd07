/**
 * What the HERE wallet's library (@here-wallet/core, CommonJS written for
 * Node and bundlers that polyfill it) takes from Node's `crypto`: only
 * `randomBytes`, for the nonce of a sign-in message. The browser has the
 * same from WebCrypto, so vite/config.ts resolves that package's `crypto`
 * here instead of leaving an empty module that would throw at sign-in.
 */
export function randomBytes(size: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(size));
}
