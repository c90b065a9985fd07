/** Where the local server serves the development wallet's key (server/local-server.ts) and the wallet fetches it. */
export const DEV_WALLET_KEY_PATH = "/__dev-wallet/key";
