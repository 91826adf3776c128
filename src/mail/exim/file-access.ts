// The server's files as the planner sees them (read-only, through the injected reader).
import type { ListContext } from './list-context.js';
import type { FileAccess, FileState } from './expand/types.js';

/** Files as the planner sees them: read when allowed, else unknown; stack defaults may decide absence. */
export function fileAccessFor(lists: ListContext): FileAccess {
  return (path: string): FileState => {
    const assumed = lists.assumeAbsent?.(path);
    if (lists.fileState) {
      const state = lists.fileState(path);
      if (state.kind !== 'unknown' || !assumed) return state;
    }
    if (lists.readLookups && lists.readLookupFile) {
      const text = lists.readLookupFile(path);
      if (text !== undefined) return { kind: 'file', text };
    }
    if (assumed) {
      lists.assumptions?.push(assumed);
      return { kind: 'absent' };
    }
    return { kind: 'unknown', reason: lists.readLookups ? `${path} could not be read here` : `${path} is not read without --read-lookups` };
  };
}
