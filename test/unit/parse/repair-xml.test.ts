import { describe, expect, it } from 'vitest';
import { MAX_REPAIR_DEPTH, repairXml } from '../../../src/parse/repair-xml.js';

describe('repairXml', () => {
  it.each([
    ['a bare &', '<rss><title>Fish & Chips &amp; more</title></rss>', '<rss><title>Fish &amp; Chips &amp; more</title></rss>', ['bare &']],
    ['a legacy entity without ;', '<a>?page=1&copy=2</a>', '<a>?page=1&amp;copy=2</a>', ['bare &']],
    ['an HTML entity', '<a>caf&eacute; &nbsp;x</a>', '<a>café \u00a0x</a>', ['HTML entities']],
    ['an unknown entity', '<a>&nosuch;</a>', '<a>&amp;nosuch;</a>', ['unknown entity']],
    ['an invalid character reference', '<a>x&#0;y</a>', '<a>xy</a>', ['invalid character reference']],
    ['a < starting no tag', '<a>1 < 2</a>', '<a>1 &lt; 2</a>', ['bare <']],
    ['control characters', '<a>x\u0001\u000by</a>', '<a>xy</a>', ['control characters']],
    ['an unclosed <b>', '<d><p>Hi <b>there</p></d>', '<d><p>Hi <b>there</b></p></d>', ['unclosed <b>']],
    ['a stray closing tag', '<d>x</i></d>', '<d>x</d>', ['stray closing tag </i>']],
    ['an HTML void element', '<d>a<br>b<img src=x.png></d>', '<d>a<br/>b<img src="x.png"/></d>', ['unquoted attribute value']],
    ['a truncated document', '<rss><channel><title>Cut', '<rss><channel><title>Cut</title></channel></rss>', ['truncated document']],
    ['a truncated closing tag', '<rss>\n</rss', '<rss>\n</rss>', ['truncated document']],
    ['an unclosed CDATA section', '<a><![CDATA[x <b>', '<a><![CDATA[x <b>]]></a>', ['unclosed CDATA section', 'truncated document']],
    ['a repeated attribute', '<a x="1" x="2"/>', '<a x="1"/>', ['repeated attribute']],
    ['an unclosed element before an item', '<rss><channel><c t="1"><item>x</item></channel></rss>', '<rss><channel><c t="1"></c><item>x</item></channel></rss>', ['unclosed <c>']],
  ])('repairs %s', (_name, input, text, repairs) => {
    expect(repairXml(input)).toEqual({ text, repairs });
  });

  it('leaves well-formed XML as it is, without declaration, comments or DOCTYPE', () => {
    const input = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b">]><!-- hi --><rss v="2"><t a=\'1\'>x &amp; &lt;y&gt;</t><![CDATA[<p>]]></rss>';
    expect(repairXml(input)).toEqual({ text: '<rss v="2"><t a="1">x &amp; &lt;y&gt;</t><![CDATA[<p>]]></rss>', repairs: [] });
  });

  it('strips the prefix of a namespace-prefixed root from every name', () => {
    const input = '<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:entry><atom:title>T</atom:title></atom:entry></atom:feed>';
    const { text, repairs } = repairXml(input);
    expect(text).toBe('<feed xmlns:atom="http://www.w3.org/2005/Atom"><entry><title>T</title></entry></feed>');
    expect(repairs).toEqual(['prefixed feed element names']);
  });

  it('strips an undeclared rss: prefix under an <rss> root and quotes an unquoted attribute', () => {
    const { text } = repairXml('<?xml?xml version="1.0" ??>\n<rss rss:version=2.0><rss:channel><rss:title>T</rss:title></rss:channel></rss>');
    expect(text).toBe('<rss version="2.0"><channel><title>T</title></channel></rss>');
  });

  it('keeps the text but drops the tags of nesting deeper than the limit', () => {
    const depth = MAX_REPAIR_DEPTH + 10;
    const { text, repairs } = repairXml(`${'<d>'.repeat(depth)}deep${'</d>'.repeat(depth)}`);
    expect(text).toBe(`${'<d>'.repeat(MAX_REPAIR_DEPTH)}deep${'</d>'.repeat(MAX_REPAIR_DEPTH)}`);
    expect(repairs).toEqual([`nesting deeper than ${MAX_REPAIR_DEPTH} elements`]);
  });

  it('drops text outside the root and everything after it', () => {
    expect(repairXml('junk<a>x</a><b>y</b>')).toEqual({ text: '<a>x</a>', repairs: ['text outside the root element'] });
  });

  it('gives no text when there is no root element', () => {
    expect(repairXml('<!-- only a comment -->').text).toBe('');
    expect(repairXml('<rss version="2.0"').text).toBe('');
  });

  it('stays linear on pathological input', () => {
    const started = Date.now();
    for (const input of ['<?'.repeat(500_000), '<a'.repeat(500_000), '&'.repeat(1_000_000), '<a>'.repeat(300_000), `<a x="${'&'.repeat(500_000)}`]) {
      repairXml(input);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
