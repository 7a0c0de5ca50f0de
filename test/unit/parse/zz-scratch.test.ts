import { it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { parseFeed } from '../../../src/parse/index.js';
import { NewswatchError } from '../../../src/errors.js';
it('corpus', async () => {
  const root = path.resolve(process.cwd(), '../shared/corpus/feeds');
  const rows = fs.readFileSync(path.join(root, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const out: string[] = [];
  for (const [p, format, enc, wf, count] of rows) {
    const buf = fs.readFileSync(path.join(root, p!));
    const t = Date.now();
    let res: string;
    try { const r = await parseFeed(buf, { feedId: 'f' }); res = `ok:${r.articles.length}`; }
    catch (e) { res = e instanceof NewswatchError ? `${e.code}:${e.message}` : `OTHER:${String(e)}`; }
    const ms = Date.now() - t;
    out.push([p, format, wf, count, res, ms > 200 ? `SLOW ${ms}ms` : ''].join('\t'));
  }
  fs.writeFileSync('/tmp/nwscratch/corpus.tsv', out.join('\n'));
}, 120000);
