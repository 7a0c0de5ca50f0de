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
