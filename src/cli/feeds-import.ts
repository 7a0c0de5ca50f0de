import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument } from 'yaml';
import { parseOpml } from '../parse/index.js';
import { configOption, loadCliConfig, parseCommandArgs, UsageError } from './common.js';

/**
 * `newswatch feeds import FILE.opml`: adds the OPML file's feeds to the config file (comments and layout kept),
 * skipping URLs already configured. The result is validated before it is written; a running daemon reloads it.
 */
export async function feedsImportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, configOption, true);
  const [opmlFile] = positionals;
  if (!opmlFile || positionals.length > 1) throw new UsageError('feeds import takes exactly one OPML file');
  const config = loadCliConfig(values.config);
  const outlines = parseOpml(readFileSync(opmlFile, 'utf8'));

  const doc = parseDocument(readFileSync(config.file, 'utf8'));
  if (!isMap(doc.contents)) throw new UsageError(`${config.file} is not a YAML mapping`);
  if (!doc.has('feeds')) doc.set('feeds', doc.createNode([]));
  const feeds = doc.get('feeds');
  if (!isSeq(feeds)) throw new UsageError(`${config.file}: feeds is not a list`);

  const urls = new Set(config.feeds.map((f) => f.url));
  const ids = new Set(config.feeds.map((f) => f.id));
  const added: string[] = [];
  for (const outline of outlines) {
    if (urls.has(outline.url)) continue;
    const id = uniqueId(outline.title || new URL(outline.url).hostname, ids);
    feeds.add(doc.createNode({ id, url: outline.url, ...(outline.title ? { name: outline.title } : {}) }));
    urls.add(outline.url);
    added.push(id);
  }
  if (added.length > 0) {
    const text = doc.toString();
    const draft = `${config.file}.import-check.yaml`;
    writeFileSync(draft, text);
    try {
      // Validate the new file before it replaces the old one: a bad import must not break the config.
      loadCliConfig(draft);
    } finally {
      rmSync(draft, { force: true });
    }
    writeFileSync(config.file, text);
  }
  process.stdout.write(`${added.length} feed${added.length === 1 ? '' : 's'} added to ${config.file}${added.length > 0 ? `: ${added.join(', ')}` : ''} (${outlines.length - added.length} already configured)\n`);
  return 0;
}

/** A lowercase kebab id from a title, unique among `taken` (which it joins). */
function uniqueId(title: string, taken: Set<string>): string {
  const base =
    title
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'feed';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
