/**
 * FNV-1a over UTF-16 code units: the fingerprint the tokeniser computes for every word while it scans it, so the
 * topic index can look a word up without reading it again.
 */

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 16777619;

/** FNV-1a of the first `length` units of `text`. */
export function hashWord(text: string, length = text.length): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/** Scrambles a word hash before its low bits pick a table slot (FNV's low bits are its weakest). */
export function mixHash(hash: number): number {
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) ^ (hash >>> 13);
}

/** A second scramble, independent of `mixHash`, for a second slot or a fingerprint. */
export function mixHash2(hash: number): number {
  return Math.imul(hash ^ (hash >>> 16), 0x297a2d39) ^ (hash >>> 11);
}

/** The smallest power of two ≥ n and ≥ 32: the size of a table whose slots are picked by masking a hash. */
export function tableSize(n: number): number {
  let size = 32;
  while (size < n) size *= 2;
  return size;
}
