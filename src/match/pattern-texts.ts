/**
 * The text of every word pattern, by id, as code units in one array: checking a candidate's words reads these
 * instead of pattern objects and strings (a few MB at 100,000 topics, where a copy in every leaf took ~15 MB).
 */
import type { WordPattern } from './query-ast.js';

export class PatternTexts {
  readonly units: Uint16Array;
  /** Per id: where its units start, shifted left by one, with the low bit set for a prefix; one more at the end. */
  readonly starts: Int32Array;

  /** `patterns[id]` is the pattern numbered id. */
  constructor(patterns: readonly WordPattern[]) {
    let total = 0;
    for (const { text } of patterns) total += text.length;
    const units = (this.units = new Uint16Array(total));
    const starts = (this.starts = new Int32Array(patterns.length + 1));
    let at = 0;
    for (let id = 0; id < patterns.length; id++) {
      const { text, prefix } = patterns[id]!;
      starts[id] = (at << 1) | (prefix ? 1 : 0);
      for (let i = 0; i < text.length; i++) units[at++] = text.charCodeAt(i);
    }
    starts[patterns.length] = at << 1;
  }
}
