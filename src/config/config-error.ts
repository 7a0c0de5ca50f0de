import { NewswatchError } from '../errors.js';

/** One thing wrong with a config file, located in it where possible (1-based line and column). */
export interface ConfigProblem {
  /** The config file as it was named to `loadConfig`. */
  file: string;
  line: number | null;
  column: number | null;
  /** Where in the document, as written in the file: `feeds[1].url`; empty for the file as a whole. */
  path: string;
  message: string;
}

/** A key or list index on the way from the document root to a value. */
export type PathSegment = string | number;

/** Thrown by `loadConfig` with every problem found in the file, not just the first. */
export class ConfigError extends NewswatchError {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[], options: { cause?: unknown } = {}) {
    super('CONFIG_INVALID', problems.map(formatConfigProblem).join('\n'), options);
    this.name = 'ConfigError';
    this.problems = Object.freeze(problems.map((p) => Object.freeze({ ...p }))) as ConfigProblem[];
  }
}

/** Formats a problem as `FILE:LINE:COL: PATH: MESSAGE`, leaving out the parts that are unknown. */
export function formatConfigProblem(problem: ConfigProblem): string {
  let where = problem.file;
  if (problem.line !== null) {
    where += `:${problem.line}`;
    if (problem.column !== null) where += `:${problem.column}`;
  }
  return problem.path === '' ? `${where}: ${problem.message}` : `${where}: ${problem.path}: ${problem.message}`;
}

/** Writes a path the way a reader finds it in the file: `topics[0].entities.known[2]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[\w-]+$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
