/**
 * The daemon's config load, on a short-lived worker thread. Parsing YAML with positions kept (for errors that name
 * the line) allocates about 75 bytes of heap per byte of config: a 1.7 MB file of 10,000 topics grew the heap to
 * 161 MB for 12 MB of result. On the main thread that garbage stayed committed through the first seconds of work,
 * and was the daemon's peak RSS; a worker's heap is gone when it exits. Run from TypeScript sources (vitest), or
 * where the compiled worker is absent, the load happens in-thread with the same result and errors.
 */
import { Worker } from 'node:worker_threads';
import { compiledWorkerScript, workerExecArgv } from '../worker-script.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { deepFreeze, loadConfig, type LoadConfigOptions } from './load.js';
import type { Config } from './types.js';

const LOADER_YOUNG_MB = 6;

export type LoadReply = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] } | { ok: false; message: string };

/** loadConfig's result and errors (ConfigError listing every problem), without its garbage on this thread. */
export async function loadConfigOffThread(file: string, opts: LoadConfigOptions = {}): Promise<Config> {
  const workerUrl = compiledWorkerScript(import.meta.url, 'load-worker.js');
  if (workerUrl === null) return loadConfig(file, opts);
  const reply = await new Promise<LoadReply>((resolve, reject) => {
    const worker = new Worker(workerUrl, {
      workerData: { file, opts },
      // V8's default 32 MB of new space adds to the startup peak; the parse's garbage is collected young or not at all.
      resourceLimits: { maxYoungGenerationSizeMb: LOADER_YOUNG_MB },
      execArgv: workerExecArgv(),
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the config loader thread exited (code ${code}) before answering`)));
  });
  if (reply.ok) return deepFreeze(reply.config);
  if ('problems' in reply) throw new ConfigError(reply.problems);
  throw new Error(reply.message);
}
