// FileAccess over the local disk for tests (the core never imports node:fs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { FileAccess } from '../../../src/mail/exim/expand/types.js';

export const nodeFiles: FileAccess = (path) => {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { kind: 'dir', entries: readdirSync(path) };
    return { kind: 'file', text: readFileSync(path, 'latin1') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'absent' } : { kind: 'unknown', reason: `${path}: ${code}` };
  }
};
