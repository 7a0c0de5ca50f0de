/**
 * Ids of stories, matches, deliveries and digests: UUIDv7 (RFC 9562), still a UUID to anyone reading it. Its
 * leading 48 bits are the creation time and the uuid package keeps ids made in one process increasing, so a new row
 * lands at the end of every index keyed on such an id (the tables' primary keys, matches by story, deliveries by
 * match and by story) instead of on a random leaf: a commit writes a few pages where random UUIDs dirtied one page
 * per row and index.
 */
import { v7 } from 'uuid';

export function newRowId(): string {
  return v7();
}
