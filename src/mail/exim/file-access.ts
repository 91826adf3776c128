// The server's files as the planner sees them (read-only, through the injected reader). A file
// that is not at hand may be decided by the recognised stack's documented defaults
// (stack-table.ts): files it creates only for a feature, and where it lists hosted domains.
import type { StackAssumption } from './stack-types.js';
import type { ListContext } from './list-context.js';
import type { FileAccess, FileState } from './expand/types.js';
import { findAbsentFile, findHostedDomainSource } from './stack-table.js';

/** Files as the planner sees them: read when allowed, else unknown; stack defaults may decide. */
export function fileAccessFor(lists: ListContext): FileAccess {
  return (path: string): FileState => {
    const assumed = stackDefault(lists, path);
    if (lists.fileState) {
      const state = lists.fileState(path);
      if (state.kind !== 'unknown' || !assumed) return state;
    }
    if (lists.readLookups && lists.readLookupFile) {
      const text = lists.readLookupFile(path);
      if (text !== undefined) return { kind: 'file', text };
    }
    if (assumed) {
      lists.assumptions?.push(assumed.assumption);
      return assumed.state;
    }
    return { kind: 'unknown', reason: lists.readLookups ? `${path} could not be read here` : `${path} is not read without --read-lookups` };
  };
}

function stackDefault(lists: ListContext, path: string): { state: FileState; assumption: StackAssumption } | undefined {
  const stack = lists.stack;
  if (!stack) return undefined;
  const absent = findAbsentFile(stack, path);
  if (absent) return { state: { kind: 'absent' }, assumption: { kind: 'file-absent', stack, path } };
  const domain = lists.notHosted?.toLowerCase();
  const hosted = domain === undefined ? undefined : findHostedDomainSource(lists.hostedSources ?? [], path);
  if (!hosted || domain === undefined) return undefined;
  const assumption: StackAssumption = { kind: 'domain-not-hosted', stack, domain, source: hosted.source.path };
  if (hosted.entry === undefined) return { state: { kind: 'partial', form: hosted.source.form === 'directory' ? 'dir' : 'file', lacks: hosted.source.form === 'mailboxes' ? [`@${domain}`] : [domain], path: hosted.source.path }, assumption };
  // an entry of a directory of hosted domains: only the recipient's domain is known to be missing
  return hosted.entry.toLowerCase() === domain ? { state: { kind: 'absent' }, assumption } : undefined;
}
