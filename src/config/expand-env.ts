/**
 * `${VAR}` and `${VAR:-default}` in config values. Expansion walks the parsed YAML document, never the raw text,
 * so quoting cannot break and every node keeps its line. Rules:
 * - only values are expanded (not keys); `$${` writes a literal `${`;
 * - `${VAR:-default}` uses the default when VAR is unset or empty, like the shell;
 * - `${VAR}` with VAR unset is a problem at that value;
 * - an unquoted value that expands to an integer/decimal or to true/false gets that type, as if it had been
 *   written in the file (`every: ${POLL_SECONDS:-600}`); quoted values stay strings.
 */
import { isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import type { Document, Node } from 'yaml';
import { formatPath } from './config-error.js';
import type { PathSegment } from './config-error.js';

/** What a `${...}` value looked like before expansion, so messages can show it instead of a possible secret. */
export interface Expansion {
  source: string;
  empty: boolean;
}

export interface EnvProblem {
  path: PathSegment[];
  message: string;
}

export interface ExpandedString {
  value: string;
  /** Variables referenced without a default and not set. */
  missing: string[];
  /** Description of the first malformed reference, if any. */
  malformed: string | null;
}

const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/** Expands `${VAR}`, `${VAR:-default}` and `$${` in one string. */
export function expandString(text: string, env: NodeJS.ProcessEnv): ExpandedString {
  let value = '';
  const missing: string[] = [];
  let malformed: string | null = null;
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      value += '${';
      i += 3;
      continue;
    }
    if (!text.startsWith('${', i)) {
      value += text[i];
      i += 1;
      continue;
    }
    const end = text.indexOf('}', i + 2);
    if (end === -1) {
      malformed ??= `unterminated "\${" (write "$\${" for a literal "\${")`;
      value += text.slice(i);
      break;
    }
    const inner = text.slice(i + 2, end);
    const match = REFERENCE.exec(inner);
    if (!match) {
      malformed ??= `"\${${inner}}" is not a valid variable reference (expected \${NAME} or \${NAME:-default})`;
    } else {
      const [, name = '', fallback] = match;
      const set = env[name];
      if (fallback !== undefined) value += set === undefined || set === '' ? fallback : set;
      else if (set === undefined) missing.push(name);
      else value += set;
    }
    i = end + 1;
  }
  return { value, missing, malformed };
}

/**
 * Expands every string value of `doc` in place.
 * @returns the problems found and, keyed by formatted path, the values that were expanded.
 */
export function expandDocumentEnv(
  doc: Document,
  env: NodeJS.ProcessEnv,
): { problems: EnvProblem[]; expansions: Map<string, Expansion> } {
  const problems: EnvProblem[] = [];
  const expansions = new Map<string, Expansion>();

  const visit = (node: unknown, path: PathSegment[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        visit(pair.value, [...path, String(pair.key.value)]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index]));
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('$')) {
      expandScalar(node as Scalar<unknown>, path);
    }
  };

  const expandScalar = (node: Scalar<unknown>, path: PathSegment[]): void => {
    const source = node.value as string;
    const result = expandString(source, env);
    if (result.value === source && result.missing.length === 0 && result.malformed === null) return;
    for (const name of result.missing) {
      problems.push({
        path,
        message: `environment variable ${name} is not set (set it, or give a default: \${${name}:-default})`,
      });
    }
    if (result.malformed !== null) problems.push({ path, message: result.malformed });
    node.value = node.type === Scalar.PLAIN ? retype(result.value) : result.value;
    expansions.set(formatPath(path), { source, empty: result.value === '' });
  };

  visit(doc.contents as Node | null, []);
  return { problems, expansions };
}

function retype(value: string): string | number | boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^-?\d+(?:\.\d+)?$/.test(value)) return Number(value);
  return value;
}
