/**
 * Turns zod issues into messages a person can act on: what is wrong, with the offending value (secrets and
 * `${ENV}` values are not echoed) and, for unknown keys, the key that was probably meant.
 */
import type { z } from 'zod';
import { formatPath } from './config-error.js';
import type { PathSegment } from './config-error.js';
import type { Expansion } from './expand-env.js';
import { allowedKeys, valueAt } from './schema.js';
import type { IssueParams } from './schema.js';
import type { Anchor } from './source-location.js';

/** A problem before it is given a line: `anchor` says which node to point at, null for "not in the file". */
export interface RawProblem {
  path: PathSegment[];
  message: string;
  anchor: Anchor | null;
}

/** Why a key that is present in the file was treated as absent. */
export type Blank = 'null' | 'expanded-empty';

export interface IssueContext {
  /** The (expanded, blank-stripped) data that was validated. */
  input: unknown;
  blanks: ReadonlyMap<string, Blank>;
  expansions: ReadonlyMap<string, Expansion>;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
};

/** The problems one zod issue stands for (one per unknown key, otherwise one). */
export function describeIssue(issue: z.core.$ZodIssue, ctx: IssueContext): RawProblem[] {
  const path = issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s));
  const value = valueAt(ctx.input, path);
  const show = (message: string, hint?: string): string =>
    message + displaySuffix(value, path, ctx.expansions) + (hint === undefined ? '' : ` (${hint})`);

  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        anchor: 'key',
        message: `unknown key "${key}"${keyHint(key, allowedKeys(path, ctx.input))}`,
      }));
    case 'invalid_type': {
      if (value === undefined) return [missing(path, ctx)];
      if (!issue.message.startsWith('Invalid input')) return [{ path, anchor: 'value', message: show(issue.message) }];
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      const quoteHint =
        issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
          ? ' (put it in quotes to make it text)'
          : '';
      return [{ path, anchor: 'value', message: `expected ${expected}, got ${describeValue(value, path, ctx)}${quoteHint}` }];
    }
    case 'invalid_union': {
      if (issue.discriminator === undefined || !('options' in issue) || !issue.options) break;
      const options = issue.options.map((o) => JSON.stringify(o)).join(', ');
      if (value === undefined) {
        const problem = missing(path, ctx);
        return [{ ...problem, message: `${problem.message}; one of ${options}` }];
      }
      const shown = displayInline(value, path, ctx.expansions) ?? 'value';
      return [{ path, anchor: 'value', message: `unknown ${issue.discriminator} ${shown}; expected one of ${options}` }];
    }
    case 'invalid_value': {
      if (value === undefined) return [missing(path, ctx)];
      const options = issue.values.map((v) => JSON.stringify(v));
      const expected = options.length === 1 ? `must be ${options[0]}` : `must be one of ${options.join(', ')}`;
      const shown = displayInline(value, path, ctx.expansions);
      return [{ path, anchor: 'value', message: shown === null ? expected : `${expected}; got ${shown}` }];
    }
    case 'custom': {
      const params = (issue.params ?? {}) as IssueParams;
      const message = params.showValue
        ? show(issue.message, params.hint)
        : issue.message + (params.hint === undefined ? '' : ` (${params.hint})`);
      return [{ path, anchor: params.at ?? 'value', message }];
    }
    default:
      break;
  }
  return [{ path, anchor: 'value', message: issue.message }];
}

/** ` (did you mean "url"?)`, or the list of allowed keys when nothing is close. */
function keyHint(key: string, candidates: readonly string[] | null): string {
  if (!candidates || candidates.length === 0) return '';
  const near = closest(key, candidates);
  return near === null ? ` (allowed here: ${candidates.join(', ')})` : ` (did you mean "${near}"?)`;
}

/** The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

/** Hides the credentials of a URL (`smtp://user:pass@host` → `smtp://***@host`). */
function maskCredentials(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, '$1***@');
}

function missing(path: PathSegment[], ctx: IssueContext): RawProblem {
  const key = path.at(-1);
  const blank = ctx.blanks.get(formatPath(path));
  if (blank === 'expanded-empty') {
    const source = ctx.expansions.get(formatPath(path))?.source ?? '';
    return { path, anchor: 'value', message: `is required, but "${source}" expanded to an empty string` };
  }
  if (blank === 'null') return { path, anchor: 'value', message: 'is required, but has no value' };
  return { path, anchor: 'parent', message: `required key "${String(key)}" is missing` };
}

function displaySuffix(value: unknown, path: PathSegment[], expansions: ReadonlyMap<string, Expansion>): string {
  const shown = displayInline(value, path, expansions);
  if (shown === null) return '';
  return expansions.has(formatPath(path)) ? ` ${shown}` : `: ${shown}`;
}

function displayInline(
  value: unknown,
  path: PathSegment[],
  expansions: ReadonlyMap<string, Expansion>,
): string | null {
  const expansion = expansions.get(formatPath(path));
  // An expanded value may be a secret; name where it came from instead.
  if (expansion) return `(the value of "${expansion.source}")`;
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function describeValue(value: unknown, path: PathSegment[], ctx: IssueContext): string {
  const fromEnv = ctx.expansions.has(formatPath(path));
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'nothing';
  switch (typeof value) {
    case 'string':
      return fromEnv ? 'text' : `text ${quote(value)}`;
    case 'number':
      return fromEnv ? 'a number' : `the number ${value}`;
    case 'boolean':
      return fromEnv ? 'a boolean' : String(value);
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

function quote(text: string): string {
  const masked = maskCredentials(text);
  return JSON.stringify(masked.length > 80 ? `${masked.slice(0, 77)}...` : masked);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
