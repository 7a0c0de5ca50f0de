import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('config errors on the command line', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nw-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const typo = () =>
    write(
      'typo.yaml',
      `store: sqlite:./nw.db
feeds:
  - id: outlet
    urll: https://example.org/feed.xml
topics: []
`,
    );
  const badUrl = () =>
    write(
      'bad-url.yaml',
      `feeds:
  - id: outlet
    url: htp:/example.org/feed.xml
`,
    );

  it.each([
    ['check', 'a typo in a key', typo, /typo\.yaml:4:5: feeds\[0\]\.urll: unknown key "urll" \(did you mean "url"\?\)/],
    ['run', 'a typo in a key', typo, /typo\.yaml:4:5: feeds\[0\]\.urll: unknown key "urll"/],
    ['check', 'a bad URL', badUrl, /bad-url\.yaml:3:10: feeds\[0\]\.url: not a valid http\(s\) URL/],
    ['run', 'a bad URL', badUrl, /bad-url\.yaml:3:10: feeds\[0\]\.url: not a valid http\(s\) URL/],
  ])('`%s` exits 1 on %s, naming file, line and key', async (command, _what, file, message) => {
    const res = await runCli([command, '--config', file()], { cwd: dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(message);
  });

  it('`check` shows a bad query with the topic id and a caret under the problem', async () => {
    const file = write(
      'bad-query.yaml',
      `topics:
  - id: accords
    name: Accords
    query: '"Abraham Accords" AND (join* OR'
`,
    );
    const res = await runCli(['check', '--config', file], { cwd: dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/accords/);
    expect(res.stderr).toMatch(/\^/);
  });

  it('`check` accepts the shipped example config', async () => {
    const res = await runCli(['check', '--config', join(process.cwd(), 'config/newswatch.yaml')], { cwd: dir });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/ok — 5 feeds, 1 topics, 2 notifiers/);
  });

  it('`run` names the missing config file', async () => {
    const res = await runCli(['run', '--once', '--config', join(dir, 'nope.yaml')], { cwd: dir });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('nope.yaml');
  });

  it('an unknown command is a usage error', async () => {
    const res = await runCli(['frobnicate'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown command "frobnicate"/);
  });
});

describe('newswatch feeds import', () => {
  it('adds the feeds of an OPML file to the config, keeping its comments, and skips what is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-opml-'));
    try {
      const file = join(dir, 'newswatch.yaml');
      writeFileSync(file, `# my feeds\nfeeds:\n  - id: harbour\n    url: https://feeds.harbour-gazette.test/rss.xml # already here\n`);
      const opml = join(process.cwd(), 'test/fixtures/feeds/subscriptions.opml');
      const first = await runCli(['feeds', 'import', opml, '--config', file], { cwd: dir });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^\d+ feeds added to .*newswatch\.yaml: /);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('# my feeds');
      expect(text).toContain('# already here');
      expect(text).toContain('https://gull-island-post.test/feed');
      expect(text.match(/feeds\.harbour-gazette\.test\/rss\.xml/g)).toHaveLength(1);
      const check = await runCli(['check', '--config', file], { cwd: dir });
      expect(check.code).toBe(0);
      const again = await runCli(['feeds', 'import', opml, '--config', file], { cwd: dir });
      expect(again.stdout).toMatch(/^0 feeds added/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('newswatch parse', () => {
  it('prints the articles of a feed file as JSON lines and exits 0', async () => {
    const res = await runCli(['parse', join(process.cwd(), 'test/fixtures/feeds/rss2-harbour-gazette.xml')]);
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { key: string; title: string });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.key).not.toBe('');
  });

  it('exits 1 with a one-line error for something that is not a feed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-parse-'));
    try {
      const page = join(dir, 'page.html');
      writeFileSync(page, '<!doctype html><html><body>Hello</body></html>');
      const res = await runCli(['parse', page], { cwd: dir });
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(/not a feed/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
