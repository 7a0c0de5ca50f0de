import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

// The worker runs compiled JavaScript: dist/ after `npm run build` (npm test builds first), or NEWSWATCH_DIST.
const DIST = path.resolve(process.env.NEWSWATCH_DIST ?? 'dist');
const MODULE = path.join(DIST, 'config', 'load-off-thread.js');
const built = existsSync(MODULE);

describe.skipIf(!built)('loadConfigOffThread (compiled, on a worker thread)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-config-thread-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const compiled = async () => {
    const { loadConfigOffThread } = (await import(pathToFileURL(MODULE).href)) as typeof import('../../../src/config/load-off-thread.js');
    const { ConfigError: CompiledConfigError } = (await import(pathToFileURL(path.join(DIST, 'config', 'index.js')).href)) as typeof import('../../../src/config/index.js');
    return { loadConfigOffThread, CompiledConfigError };
  };
  const load = async (file: string) => (await compiled()).loadConfigOffThread(file, { env: { HOOK_SECRET: 'whsec_c2Vrcml0c2Vrcml0' }, cwd: dir });
  const write = (name: string, yaml: string) => {
    writeFileSync(path.join(dir, name), yaml);
    return name;
  };

  it('gives the config loadConfig gives, frozen', async () => {
    const file = write(
      'good.yaml',
      `feeds:
  - { id: gazette, url: "https://gazette.example/rss.xml", every: 10m }
topics:
  - { id: accords, name: Abraham Accords membership, query: '"Abraham Accords" AND join*', notify: [hook] }
notifiers:
  - { id: hook, type: webhook, url: "https://hooks.example/in", secret: "\${HOOK_SECRET}" }
`,
    );
    const config = await load(file);
    expect(config).toEqual(loadConfig(file, { env: { HOOK_SECRET: 'whsec_c2Vrcml0c2Vrcml0' }, cwd: dir }));
    expect(Object.isFrozen(config.topics[0])).toBe(true);
  });

  it('throws the ConfigError loadConfig throws, every problem with its file, line and path', async () => {
    const file = write(
      'bad.yaml',
      `feeds:
  - { id: gazette, url: "not a url" }
topics:
  - { id: accords, name: Accords, query: 'Accords', notify: [nobody] }
`,
    );
    const inThread = (() => {
      try {
        loadConfig(file, { env: {}, cwd: dir });
      } catch (err) {
        return err as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    const offThread = await load(file).then(
      () => {
        throw new Error('expected a ConfigError');
      },
      (err: unknown) => err,
    );
    // The compiled module's own class: the one the daemon's error reporting checks for.
    expect(offThread).toBeInstanceOf((await compiled()).CompiledConfigError);
    expect((offThread as ConfigError).message).toBe(inThread.message);
    expect((offThread as ConfigError).problems).toEqual(inThread.problems);
    expect((offThread as ConfigError).problems.length).toBeGreaterThanOrEqual(2);
  });
});
