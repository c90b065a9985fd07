/**
 * UTF-8 byte length of a JS string (pure, unit-tested under plain Node).
 * NEP-141 limits memos in bytes, and QuickJS has no TextEncoder in
 * near-sdk-js contracts, so the sale counts them itself: 1 byte below
 * U+0080, 2 below U+0800, 4 for a surrogate pair, 3 otherwise.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
