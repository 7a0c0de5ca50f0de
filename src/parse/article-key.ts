/**
 * Item identity: the `key` that decides whether an item was seen before (UNIQUE per feed in the store).
 *
 * Fallback order, as in Miniflux:
 * 1. The item's own id — RSS <guid>, Atom <id>, JSON Feed `id`, RSS 1.0 `rdf:about` — trimmed, when non-empty.
 *    The publisher promises it is stable, and it survives edits to the title, the link and the date.
 * 2. Else the canonical URL (tracking parameters and fragment removed), so the same article reached through a
 *    campaign link is not a new item.
 * 3. Else `h:` + sha256(title + '\n' + published ISO date + '\n' + raw link). Nothing better is left; an item
 *    whose title changes will then look new, which is the lesser evil next to merging distinct items.
 *    The raw link (even a rejected `javascript:` one) still tells apart items that share a title and date.
 * Keys are compared within one feed only, so two feeds using the same guid do not collide.
 */
import { createHash } from 'node:crypto';

/** Stable key of an item: its id, else its canonical URL, else a hash of title, date and raw link. */
export function articleKey(fields: {
  id: string;
  url: string | null;
  title: string;
  published: Date | null;
  rawLink: string;
}): string {
  const id = fields.id.trim();
  if (id !== '') return id;
  if (fields.url !== null) return fields.url;
  const material = `${fields.title}\n${fields.published?.toISOString() ?? ''}\n${fields.rawLink}`;
  return `h:${createHash('sha256').update(material).digest('hex')}`;
}
