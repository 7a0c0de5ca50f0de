/**
 * Which feeds need no host slot for their first request: those whose host no other enabled feed uses.
 *
 * The host limiter spaces requests to a host that several feeds share. A host only one feed uses is spaced already:
 * one fetch job at a time checks a feed (feed groups), and a feed is checked at most every 30 s (the shortest
 * `every`), far above the limiter's 1 s. Skipping its slot saves two Redis round trips per check. Redirect hops
 * still take a slot, since many feeds may redirect to one host.
 */

/** Ids of the enabled feeds that are alone on their host (host as in the URL, port included, lower-cased). */
export function soleHostFeedIds(feeds: readonly { id: string; url: string; enabled: boolean }[]): Set<string> {
  const feedsByHost = new Map<string, string[]>();
  for (const feed of feeds) {
    if (!feed.enabled) continue;
    const host = hostOf(feed.url);
    if (host === null) continue;
    const ids = feedsByHost.get(host);
    if (ids) ids.push(feed.id);
    else feedsByHost.set(host, [feed.id]);
  }
  const sole = new Set<string>();
  for (const ids of feedsByHost.values()) if (ids.length === 1) sole.add(ids[0]!);
  return sole;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}
