import { describe, expect, it } from 'vitest';
import { soleHostFeedIds } from '../../../src/fetch/index.js';

const feed = (id: string, url: string, enabled = true) => ({ id, url, enabled });

describe('soleHostFeedIds', () => {
  it.each([
    ['keeps a feed whose host no other feed uses', [feed('a', 'https://a.example/rss'), feed('b', 'https://b.example/rss')], ['a', 'b']],
    ['drops feeds that share a host, whatever their paths', [feed('a', 'https://news.example/world'), feed('b', 'https://news.example/sport')], []],
    ['reads host names case-insensitively', [feed('a', 'https://NEWS.example/x'), feed('b', 'https://news.example/y')], []],
    ['treats another port as another host', [feed('a', 'http://127.0.0.1:8001/f'), feed('b', 'http://127.0.0.1:8002/f')], ['a', 'b']],
    ['treats an explicit default port as the same host', [feed('a', 'http://news.example:80/x'), feed('b', 'http://news.example/y')], []],
    ['ignores disabled feeds', [feed('a', 'https://news.example/x'), feed('b', 'https://news.example/y', false)], ['a']],
    ['ignores a URL it cannot read', [feed('a', 'not a url'), feed('b', 'https://b.example/')], ['b']],
  ])('%s', (_name, feeds, expected) => {
    expect([...soleHostFeedIds(feeds)].sort()).toEqual(expected);
  });
});
