import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../../src/parse/index.js';

describe('canonicalUrl', () => {
  it.each([
    ['lowercases scheme and host', 'HTTPS://News.Example.COM/Story', undefined, 'https://news.example.com/Story'],
    ['drops the default http port', 'http://example.com:80/a', undefined, 'http://example.com/a'],
    ['drops the default https port', 'https://example.com:443/a', undefined, 'https://example.com/a'],
    ['keeps a non-default port', 'https://example.com:8443/a', undefined, 'https://example.com:8443/a'],
    ['drops the fragment', 'https://example.com/a#comments', undefined, 'https://example.com/a'],
    ['drops utm_* parameters', 'https://example.com/a?utm_source=rss&utm_medium=feed', undefined, 'https://example.com/a'],
    [
      'keeps other parameters in their order',
      'https://example.com/a?z=1&utm_campaign=x&a=2&fbclid=F&id=3',
      undefined,
      'https://example.com/a?z=1&a=2&id=3',
    ],
    [
      'drops every listed tracking parameter',
      'https://example.com/a?gclid=1&mc_cid=2&mc_eid=3&igshid=4&ref_src=5&cmpid=6&ocid=7&_ga=8&yclid=9&msclkid=10&keep=1',
      undefined,
      'https://example.com/a?keep=1',
    ],
    ['matches tracking names case-insensitively', 'https://example.com/a?UTM_Source=x&b=1', undefined, 'https://example.com/a?b=1'],
    ['keeps the original encoding of kept parameters', 'https://example.com/s?q=a+b%2Fc&x', undefined, 'https://example.com/s?q=a+b%2Fc&x'],
    ['removes an empty query', 'https://example.com/a?', undefined, 'https://example.com/a'],
    ['keeps the path as it is', 'https://example.com/a/', undefined, 'https://example.com/a/'],
    ['removes credentials', 'https://user:secret@example.com/a', undefined, 'https://example.com/a'],
    ['resolves a relative link', '/2024/story?id=1', 'https://example.com/news/', 'https://example.com/2024/story?id=1'],
    ['resolves a path-relative link', 'story.html', 'https://example.com/news/index.xml', 'https://example.com/news/story.html'],
    ['resolves a protocol-relative link', '//cdn.example.com/x', 'https://example.com/', 'https://cdn.example.com/x'],
    ['trims whitespace', '  https://example.com/a  ', undefined, 'https://example.com/a'],
    ['ignores an unusable base for an absolute link', 'https://example.com/a', 'not a url', 'https://example.com/a'],
    ['rejects javascript:', 'javascript:alert(1)', undefined, null],
    ['rejects javascript: even with a base', 'JavaScript:alert(1)', 'https://example.com/', null],
    ['rejects mailto:', 'mailto:desk@example.com', undefined, null],
    ['rejects data:', 'data:text/html,hi', undefined, null],
    ['rejects ftp:', 'ftp://example.com/file', undefined, null],
    ['rejects a relative link without a base', '/story', undefined, null],
    ['rejects an empty string', '', undefined, null],
    ['rejects garbage', 'http://', undefined, null],
  ])('%s', (_name, raw, base, expected) => {
    expect(canonicalUrl(raw, base)).toBe(expected);
  });
});
