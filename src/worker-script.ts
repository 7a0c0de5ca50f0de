/** What every worker thread of the daemon shares: finding its compiled script, and the flags it inherits. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The compiled worker script `name` beside the module at `moduleUrl`, or null when that module runs from TypeScript
 * sources (vitest) or the script is absent: the caller then does the work in-thread (or not at all).
 */
export function compiledWorkerScript(moduleUrl: string, name: string): URL | null {
  if (!moduleUrl.endsWith('.js')) return null;
  const script = new URL(`./${name}`, moduleUrl);
  return existsSync(fileURLToPath(script)) ? script : null;
}

let inherited: string[] | undefined;

/**
 * The process's flags, for a worker to inherit. Left out: --input-type (`node -e`), which makes a worker fail to
 * load, and every flag a worker refuses: V8's (`--max-old-space-size`, `--no-flush-bytecode`) and those of the whole
 * process. They hold for the worker anyway, and passing them made each worker, so `run` itself, fail at start.
 * Node names the flags it refuses when a worker is built with them: the first call asks once, with an empty worker.
 */
export function workerExecArgv(): string[] {
  inherited ??= withoutRefusedFlags(process.execArgv.filter((arg) => !arg.startsWith('--input-type')));
  return inherited;
}

function withoutRefusedFlags(args: string[]): string[] {
  if (args.length === 0) return args;
  try {
    // Accepted: the empty worker starts, exits at once and holds nothing open.
    new Worker('', { eval: true, execArgv: args }).unref();
    return args;
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err;
    // "Initiated Worker with invalid execArgv flags: --a, --b=1"
    const refused = new Set((err as Error).message.slice((err as Error).message.indexOf(': ') + 2).split(', '));
    return args.filter((arg) => !refused.has(arg));
  }
}
