// Lists inside expansions (spec "List construction"; string_nextinlist()): the same splitting as
// configuration lists, with `<X` changing the separator.
import { splitList } from '../list-split.js';

export function listItems(text: string): string[] {
  return splitList(text);
}

export function listCount(text: string): number {
  return splitList(text).length;
}
