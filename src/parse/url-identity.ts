import { canonicalUrl } from './canonical-url.js';

/**
 * The identity of an article URL: two links with the same key are the same article, whatever the feed.
 *
 * Beyond the canonical form (tracking parameters and fragment gone) it ignores what publishers vary for the same
 * page: the scheme, a `www.`, `m.`, `mobile.` or `amp.` host prefix, an AMP path segment (`/amp/…`, `…/amp`,
 * `….amp.html`), AMP query flags (`amp`, `amp=1`, `outputType=amp`), and a trailing slash. The key is for
 * comparing only; the canonical URL is what users see.
 */
export function urlIdentityKey(raw: string): string | null {
  const canonical = canonicalUrl(raw);
  if (!canonical) return null;
  const url = new URL(canonical);
  const host = url.hostname.replace(/^(?:www\d?|m|mobile|amp)\./, '');
  let path = url.pathname
    .replace(/\/amp(?=\/|$)/g, '')
    .replace(/\.amp\.html$/, '.html')
    .replace(/\/+$/, '');
  if (path === '') path = '/';
  const query = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !/^(?:amp|amp=1|amp=true|outputtype=amp)$/i.test(pair));
  return `${host}${url.port ? `:${url.port}` : ''}${path}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}
