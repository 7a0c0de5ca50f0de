import { NewswatchError } from '../errors.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

export type * from './types.js';

/** Opens the store named by a store URL (`sqlite:PATH`). */
export async function openStore(url: string): Promise<Store> {
  if (url.startsWith('sqlite:')) return openSqliteStore(url.slice('sqlite:'.length));
  throw new NewswatchError('STORE_FAILED', `unsupported store URL "${url}" (only sqlite:PATH is supported)`);
}
