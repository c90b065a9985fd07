/**
 * The claimed-bitmap of an epoch (pure): bit `leaf_index` is set once that
 * leaf has been claimed. Bits are grouped in 32-byte words of 256 leaves,
 * each stored under its own key, so marking a claim reads and writes one
 * small word whatever the tree's size, and an epoch of n leaves uses at most
 * ceil(n / 256) words (created lazily by the first claim in each range).
 */

export const BITS_PER_WORD = 256;
export const WORD_BYTES = BITS_PER_WORD / 8;

/** Which word holds `leafIndex`. */
export function wordIndexOf(leafIndex: number): number {
  return Math.floor(leafIndex / BITS_PER_WORD);
}

export function emptyWord(): Uint8Array {
  return new Uint8Array(WORD_BYTES);
}

function position(leafIndex: number): { byte: number; mask: number } {
  const bit = leafIndex % BITS_PER_WORD;
  return { byte: bit >> 3, mask: 1 << (bit & 7) };
}

export function isClaimedIn(word: Uint8Array, leafIndex: number): boolean {
  const { byte, mask } = position(leafIndex);
  return (word[byte] & mask) !== 0;
}

/** A copy of `word` with the leaf's bit set. */
export function withClaimed(word: Uint8Array, leafIndex: number): Uint8Array {
  const out = new Uint8Array(WORD_BYTES);
  out.set(word);
  const { byte, mask } = position(leafIndex);
  out[byte] |= mask;
  return out;
}
