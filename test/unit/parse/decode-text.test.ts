import { describe, expect, it } from 'vitest';
import { charsetFromContentType, decodeFeedText } from '../../../src/parse/decode-text.js';
import { parseFeed } from '../../../src/parse/index.js';

const rssBytes = (prolog: string, titleBytes: number[], encode: (s: string) => Buffer = (s) => Buffer.from(s, 'latin1')) =>
  Buffer.concat([
    encode(`${prolog}<rss version="2.0"><channel><title>T</title><item><title>`),
    Buffer.from(titleBytes),
    encode('</title><link>https://a.test/1</link></item></channel></rss>'),
  ]);

// "café ’" in the single-byte encodings: é = 0xE9, ’ = 0x92 in windows-1252.
const CAFE_1252 = [0x63, 0x61, 0x66, 0xe9, 0x20, 0x92];
const CAFE_LATIN1 = [0x63, 0x61, 0x66, 0xe9];

async function firstTitle(body: Buffer, contentType?: string): Promise<string> {
  const feed = await parseFeed(body, { feedId: 'f', contentType });
  return feed.articles[0]!.title;
}

describe('charset decoding', () => {
  it('reads windows-1252 declared in the XML prolog', async () => {
    expect(await firstTitle(rssBytes('<?xml version="1.0" encoding="windows-1252"?>', CAFE_1252))).toBe('café ’');
  });

  it('reads ISO-8859-1 declared in the XML prolog', async () => {
    expect(await firstTitle(rssBytes("<?xml version='1.0' encoding='ISO-8859-1'?>", CAFE_LATIN1))).toBe('café');
  });

  it('reads ISO-8859-1 declared only in the Content-Type header', async () => {
    expect(await firstTitle(rssBytes('', CAFE_LATIN1), 'application/rss+xml; charset="iso-8859-1"')).toBe('café');
  });

  it('lets the Content-Type charset win over the XML declaration', async () => {
    const body = rssBytes('<?xml version="1.0" encoding="utf-8"?>', CAFE_LATIN1);
    expect(await firstTitle(body, 'text/xml; charset=ISO-8859-1')).toBe('café');
  });

  it('defaults to UTF-8', async () => {
    expect(await firstTitle(rssBytes('', [...Buffer.from('café')]))).toBe('café');
  });

  it('strips a UTF-8 BOM', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), rssBytes('<?xml version="1.0"?>', [...Buffer.from('café')])]);
    expect(await firstTitle(body)).toBe('café');
  });

  it('lets a BOM win over a wrong declaration', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      rssBytes('<?xml version="1.0" encoding="iso-8859-1"?>', [...Buffer.from('café')]),
    ]);
    expect(await firstTitle(body)).toBe('café');
  });

  it('reads UTF-16LE with a BOM and UTF-16BE without one', async () => {
    const xml = '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><item><title>café</title></item></channel></rss>';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    const be = Buffer.from(xml, 'utf16le').swap16();
    expect(await firstTitle(le)).toBe('café');
    expect(await firstTitle(be)).toBe('café');
  });

  it('ignores a UTF-16 label on bytes that are plainly ASCII-compatible', () => {
    const body = Buffer.from('<?xml version="1.0" encoding="utf-16"?><a>café</a>', 'utf8');
    expect(decodeFeedText(body)).toContain('café');
  });

  it('falls back when a label is unknown', () => {
    expect(decodeFeedText(Buffer.from('<a>café</a>'), 'text/xml; charset=no-such-charset')).toBe('<a>café</a>');
  });

  it.each([
    ['text/xml; charset=UTF-8', 'UTF-8'],
    ['application/rss+xml;charset="windows-1252"', 'windows-1252'],
    ['text/xml', null],
    [null, null],
  ])('reads the charset of %s', (header, charset) => {
    expect(charsetFromContentType(header)).toBe(charset);
  });
});
