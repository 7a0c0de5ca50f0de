/**
 * `npm run bench -- NAME [options]`: benchmarks that print figures (never pass/fail). Each prints a human table and,
 * with --json, one JSON object per measured configuration.
 */
const BENCHES: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  match: () => import('./match.js'),
  stories: () => import('./stories.js'),
  fingerprint: () => import('./fingerprint.js'),
  pipeline: () => import('./pipeline.js'),
  parse: () => import('./parse.js'),
  fetch: () => import('./fetch.js'),
  wal: () => import('./wal.js'),
};

const [name, ...args] = process.argv.slice(2);
if (!name || !BENCHES[name]) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [options]\n`);
  process.exit(2);
}
const bench = await BENCHES[name]!();
await bench.run(args);
