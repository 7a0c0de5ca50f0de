import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ping as answersPing } from '../../src/schedule/local-redis.js';
import { runCli } from '../helpers/cli.js';
import { serveFeed, startHttpPeer, type HttpPeer } from '../helpers/http-peers.js';
import { rss, gulfDailyItems } from '../fixtures/news-feeds.js';

describe('the embedded default: no redis configured', () => {
  let dir: string;
  let http: HttpPeer;
  const config = () => `feeds:
  - { id: gulf-daily, url: "${http.url}/feed.xml" }
network: { allow_private: true }
`;

  beforeAll(async () => {
    http = await startHttpPeer();
    http.route('/feed.xml', serveFeed(() => rss('Gulf Daily', gulfDailyItems(new Date()))));
    dir = mkdtempSync(join(tmpdir(), 'nw-embedded-'));
    writeFileSync(join(dir, 'newswatch.yaml'), config());
  });
  afterAll(async () => {
    await http.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts its own redis-server with AOF under ./data/redis, and stops it on exit', async () => {
    const env = { REDIS_URL: '' };
    const res = await runCli(['run', '--once', '--config', 'newswatch.yaml'], { cwd: dir, env });
    expect(res.code).toBe(0);
    const started = res.stderr.split('\n').filter((l) => l.includes('started local redis-server'));
    expect(started).toHaveLength(1);
    const url = (JSON.parse(started[0]!) as { url: string }).url;
    expect(existsSync(join(dir, 'data/redis/appendonlydir'))).toBe(true);
    expect(existsSync(join(dir, 'data/newswatch.db'))).toBe(true);
    expect(existsSync(join(dir, 'data/redis/redis.port'))).toBe(false);
    expect(await answersPing(url)).toBe(false);
  }, 60_000);

  it('exits 1 saying how to get Redis when there is no redis-server on PATH', async () => {
    // A PATH holding only node: redis-server cannot be found.
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    if (!existsSync(join(bin, 'node'))) symlinkSync(process.execPath, join(bin, 'node'));
    const res = await runCli(['run', '--once', '--config', 'newswatch.yaml'], { cwd: dir, env: { PATH: bin, REDIS_URL: '' } });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/no redis-server was found on PATH/);
    expect(res.stderr).toMatch(/apt-get install redis-server/);
    expect(res.stderr).toMatch(/docker compose up/);
  }, 60_000);
});

