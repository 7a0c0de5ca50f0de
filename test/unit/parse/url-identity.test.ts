import { describe, expect, it } from 'vitest';
import { urlIdentityKey } from '../../../src/parse/index.js';

describe('urlIdentityKey', () => {
  const original = 'https://www.gulf-daily.example/world/kazakhstan-abraham-accords';

  it.each([
    ['tracking parameters', 'https://www.gulf-daily.example/world/kazakhstan-abraham-accords?utm_source=rss&utm_medium=feed'],
    ['a fragment', 'https://www.gulf-daily.example/world/kazakhstan-abraham-accords#comments'],
    ['http instead of https', 'http://www.gulf-daily.example/world/kazakhstan-abraham-accords'],
    ['no www', 'https://gulf-daily.example/world/kazakhstan-abraham-accords'],
    ['a mobile host', 'https://m.gulf-daily.example/world/kazakhstan-abraham-accords'],
    ['an amp host', 'https://amp.gulf-daily.example/world/kazakhstan-abraham-accords'],
    ['an /amp/ path segment', 'https://www.gulf-daily.example/amp/world/kazakhstan-abraham-accords'],
    ['a trailing /amp', 'https://www.gulf-daily.example/world/kazakhstan-abraham-accords/amp'],
    ['an AMP query flag', 'https://www.gulf-daily.example/world/kazakhstan-abraham-accords?outputType=amp'],
    ['a trailing slash', 'https://www.gulf-daily.example/world/kazakhstan-abraham-accords/'],
  ])('is the same despite %s', (_what, variant) => {
    expect(urlIdentityKey(variant)).toBe(urlIdentityKey(original));
  });

  it.each([
    ['another path', 'https://www.gulf-daily.example/world/kazakhstan-oil'],
    ['another host', 'https://www.evening-wire.example/world/kazakhstan-abraham-accords'],
    ['a meaningful parameter', 'https://www.gulf-daily.example/world/kazakhstan-abraham-accords?page=2'],
    ['a word merely containing amp', 'https://www.gulf-daily.example/world/kazakhstan-abraham-accords-camp'],
  ])('differs for %s', (_what, other) => {
    expect(urlIdentityKey(other)).not.toBe(urlIdentityKey(original));
  });

  it('has no key for a non-web link', () => {
    expect(urlIdentityKey('javascript:alert(1)')).toBeNull();
  });
});
