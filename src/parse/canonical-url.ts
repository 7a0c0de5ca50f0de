/**
 * Canonical form of an article URL, so the same story linked twice compares equal.
 *
 * Rules: resolve against the base; http and https only (anything else, `javascript:` included, gives null);
 * scheme and host lowercased and a default port dropped (the WHATWG URL parser does both); credentials and
 * fragment removed; tracking parameters (`utm_*`, `fbclid`, `gclid`, … see TRACKING_PARAMS, names compared
 * case-insensitively) removed while every other parameter keeps its position and its original encoding; an
 * empty query loses its `?`. The path is left alone: `/a` and `/a/` can be different pages.
 */

export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid',
  'gclid',
  'mc_cid',
  'mc_eid',
  'igshid',
  'ref_src',
  'cmpid',
  'ocid',
  '_ga',
  'yclid',
  'msclkid',
]);

/** Canonical http(s) URL of `raw` resolved against `base`, or null when it is not a usable web link. */
export function canonicalUrl(raw: string, base?: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    try {
      url = new URL(text);
    } catch {
      return null;
    }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  // Each setter re-serialises the URL, the costly part of this function: only call the ones that change it.
  // An empty `#` or `?` reads as '' from hash/search but is still in href, and setting '' removes it.
  if (url.username !== '') url.username = '';
  if (url.password !== '') url.password = '';
  if (url.hash !== '' || url.href.endsWith('#')) url.hash = '';
  const search = url.search;
  if (search !== '' || url.href.includes('?')) {
    // Filter the raw query text rather than URLSearchParams, which would re-encode the parameters it keeps.
    const kept = search
      .slice(1)
      .split('&')
      .filter((pair) => pair !== '' && !isTrackingParam(pair));
    const next = kept.length === 0 ? '' : `?${kept.join('&')}`;
    if (next !== search || next === '') url.search = next;
  }
  return url.href;
}

function isTrackingParam(pair: string): boolean {
  const eq = pair.indexOf('=');
  let name = eq === -1 ? pair : pair.slice(0, eq);
  try {
    name = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // A malformed escape is not a tracking parameter's name; keep the pair.
  }
  name = name.toLowerCase();
  return name.startsWith('utm_') || TRACKING_PARAMS.has(name);
}
