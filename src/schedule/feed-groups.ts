/**
 * Which fetch job checks a feed. Feeds are split into a fixed number of groups by a hash of their id, and each
 * group has at most one fetch job queued or running (BullMQ deduplication id `fetch-group-<n>`). A feed always
 * falls in the same group, so it is never checked by two jobs at once; and one job checks many feeds, which
 * saves the queue's per-job round trips (a 304 costs little more than them).
 */

/** 64 groups keep 8 workers busy with balanced jobs (1,000 feeds: about 16 per job) yet cut jobs 16-fold. */
const FETCH_GROUPS = 64;

/** The group of a feed id: FNV-1a over its UTF-16 code units, modulo `groups`. */
export function fetchGroupOf(feedId: string, groups = FETCH_GROUPS): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < feedId.length; i++) {
    hash ^= feedId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % groups;
}

/** Feed ids by group, each group's ids in their given order and without repeats. */
export function groupFeeds(feedIds: readonly string[], groups = FETCH_GROUPS): Map<number, string[]> {
  const byGroup = new Map<number, string[]>();
  for (const feedId of new Set(feedIds)) {
    const group = fetchGroupOf(feedId, groups);
    const ids = byGroup.get(group);
    if (ids) ids.push(feedId);
    else byGroup.set(group, [feedId]);
  }
  return byGroup;
}
