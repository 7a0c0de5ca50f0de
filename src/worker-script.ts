/** What every worker thread of the daemon shares: finding its compiled script, and the flags it inherits. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled worker script `name` beside the module at `moduleUrl`, or null when that module runs from TypeScript
 * sources (vitest) or the script is absent: the caller then does the work in-thread (or not at all).
 */
export function compiledWorkerScript(moduleUrl: string, name: string): URL | null {
  if (!moduleUrl.endsWith('.js')) return null;
  const script = new URL(`./${name}`, moduleUrl);
  return existsSync(fileURLToPath(script)) ? script : null;
}

/** The process's flags, which a worker inherits, without --input-type (`node -e`), which makes a worker fail to load. */
export function workerExecArgv(): string[] {
  return process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
}
