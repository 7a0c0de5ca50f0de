/** Worker-thread entry of loadConfigOffThread: loads one config, answers, and exits with its garbage. */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from './config-error.js';
import { loadConfig, type LoadConfigOptions } from './load.js';
import type { LoadReply } from './load-off-thread.js';

const { file, opts } = workerData as { file: string; opts: LoadConfigOptions };
let reply: LoadReply;
try {
  reply = { ok: true, config: loadConfig(file, opts) };
} catch (err) {
  reply = err instanceof ConfigError ? { ok: false, problems: [...err.problems] } : { ok: false, message: err instanceof Error ? err.message : String(err) };
}
parentPort!.postMessage(reply);
