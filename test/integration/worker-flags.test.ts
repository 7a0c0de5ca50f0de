import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The built module (npm test builds first), run in a node started with the flags a user may give the daemon.
const workerScript = pathToFileURL(resolve('dist/worker-script.js')).href;
const dir = mkdtempSync(join(tmpdir(), 'nw-worker-flags-'));
const probe = join(dir, 'probe.mjs');
writeFileSync(
  probe,
  `import { Worker } from 'node:worker_threads';
import { workerExecArgv } from ${JSON.stringify(workerScript)};
const passed = workerExecArgv();
const worker = new Worker("require('node:worker_threads').parentPort.postMessage(process.execArgv)", { eval: true, execArgv: passed });
worker.once('message', (seen) => { console.log(JSON.stringify({ passed, seen })); worker.terminate(); });
`,
);

function startWorkerUnder(flags: string[]): { passed: string[]; seen: string[] } {
  return JSON.parse(execFileSync(process.execPath, [...flags, probe], { encoding: 'utf8', timeout: 20_000 })) as { passed: string[]; seen: string[] };
}

describe('worker threads under the flags node was started with', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves out the V8 flags a worker refuses (they hold for the whole process) and keeps the others', () => {
    // `node --max-old-space-size=512 dist/main.js run` failed at its first worker with ERR_WORKER_INVALID_EXEC_ARGV.
    const { passed, seen } = startWorkerUnder(['--max-old-space-size=256', '--no-flush-bytecode', '--enable-source-maps']);
    expect(passed).toEqual(['--enable-source-maps']);
    expect(seen).toEqual(['--enable-source-maps']);
  });

  it('passes nothing when node was started without flags', () => {
    expect(startWorkerUnder([])).toEqual({ passed: [], seen: [] });
  });
});
