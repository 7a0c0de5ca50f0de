/**
 * Text primitives for values that come from feeds, which are hostile until proven otherwise: one-line forms for
 * headers and titles (no header injection), plain text without control characters, length limits that never split
 * a character, HTML escaping and the rule that only absolute http(s) URLs become links.
 */

// C0 controls except TAB/LF/CR, DEL, C1 controls, and the bidi overrides/isolates that can reorder how a
// subject reads in a mail client.
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Collapses any whitespace (CR/LF and U+2028 included) to single spaces and drops control characters. */
export function toOneLine(value: string): string {
  return value.replace(CONTROL_CHARS, '').replace(/\s+/g, ' ').trim();
}

/** Keeps line breaks (normalised to LF) but drops other control characters and trailing spaces. */
export function toPlainText(value: string): string {
  return value
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(CONTROL_CHARS, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * How a limit counts: code points (what a reader sees as characters), UTF-16 units (JavaScript `length`, which
 * Slack, Discord and Telegram count) or UTF-8 bytes (ntfy).
 */
export type LengthUnit = 'chars' | 'utf16' | 'utf8';

function sizeOf(char: string, unit: LengthUnit): number {
  if (unit === 'chars') return 1;
  if (unit === 'utf16') return char.length;
  return Buffer.byteLength(char, 'utf8');
}

/** Cuts to at most `max` units, ending in `…` when anything was cut (never splits a surrogate pair). */
export function truncate(value: string, max: number, unit: LengthUnit = 'chars'): string {
  if (measure(value, unit) <= max) return value;
  const budget = max - sizeOf('…', unit);
  let out = '';
  let used = 0;
  for (const char of value) {
    const size = sizeOf(char, unit);
    if (used + size > budget) break;
    out += char;
    used += size;
  }
  return `${out.trimEnd()}…`;
}

/** Escapes `value` for a markup and cuts it so the escaped form fits in `max` units (no escape split in two). */
export function truncateEscaped(
  value: string,
  max: number,
  escape: (text: string) => string,
  unit: LengthUnit = 'utf16',
): string {
  let budget = max;
  let out = escape(truncate(value, budget, unit));
  let over = measure(out, unit) - max;
  while (over > 0) {
    // Each round cuts the plain text by what the escaped text is over, so it ends within a few rounds.
    budget -= over;
    if (budget <= 0) return '';
    out = escape(truncate(value, budget, unit));
    over = measure(out, unit) - max;
  }
  return out;
}

/** Joins whole blocks while they fit in `max` UTF-16 units; the blocks left out are counted as "…and N more". */
export function joinWithinLimit(blocks: readonly string[], max: number, separator = '\n\n'): string {
  let out = '';
  for (const [index, block] of blocks.entries()) {
    const next = index === 0 ? block : `${out}${separator}${block}`;
    const left = blocks.length - index - 1;
    if ((left > 0 ? `${next}${separator}…and ${left} more` : next).length > max) {
      const more = `…and ${blocks.length - index} more`;
      return index === 0 ? more : `${out}${separator}${more}`;
    }
    out = next;
  }
  return out;
}

/** The length of `value` in `unit`. */
export function measure(value: string, unit: LengthUnit): number {
  let total = 0;
  for (const char of value) total += sizeOf(char, unit);
  return total;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The URL normalised when it is an absolute http(s) URL, else null (javascript:, data:, relative…). */
export function linkableUrl(value: string | null): string | null {
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}
