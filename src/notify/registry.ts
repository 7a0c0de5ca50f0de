/** Indexing of notifier definitions by type; a duplicate type is a programming error caught at module load. */
import type { NotifierDefinition } from './types.js';

/** Maps each definition's type to it. @throws Error when two definitions share a type. */
export function indexDefinitions(definitions: readonly NotifierDefinition[]): ReadonlyMap<string, NotifierDefinition> {
  const byType = new Map<string, NotifierDefinition>();
  for (const definition of definitions) {
    if (byType.has(definition.type)) throw new Error(`notifier type "${definition.type}" is registered twice`);
    byType.set(definition.type, definition);
  }
  return byType;
}
