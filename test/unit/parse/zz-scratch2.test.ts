import { it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { parseFeed } from '../../../src/parse/index.js';
it('peek', async () => {
  const root = path.resolve(process.cwd(), '../shared/corpus/feeds');
  for (const p of ['real/sample-feeds-gpl3/bbc-news-world__f43bed9864944644236fc65967b2e178.xml', 'real/rss-parser/heise.atom', 'edge/feed-rs/rss_2.0_encoding_1.xml', 'real/feed-rs/jsonfeed_elastic_1.1.json', 'real/rss-parser/craigslist.rss', 'edge/feed-rs/rss_2.0_relurl_1.xml', 'edge/gofeed/atom__atom10_feed_entry_content_xhtml_inline_markup.xml', 'real/rss-parser/content-encoded.rss']) {
    const r = await parseFeed(fs.readFileSync(path.join(root, p)), { feedId: 'f', baseUrl: 'https://feeds.example.com/x.xml' });
    console.log(p, r.title, r.link, JSON.stringify(r.articles.slice(0, 2).map(a => ({...a, summary: a.summary.slice(0, 150), content: a.content.slice(0, 150)})), null, 1));
  }
});
