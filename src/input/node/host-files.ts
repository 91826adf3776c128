// What `mailleak route` reads from this machine besides the files named: its host name (Exim's
// `@`) and the passwd and group files (the Exim user's uid). Missing files are left out.
import { hostname } from 'node:os';
import { readLocalFile } from './read.js';

export interface HostFiles {
  hostname: string;
  passwd?: string;
  group?: string;
}

export function readHostFiles(): HostFiles {
  const out: HostFiles = { hostname: hostname() };
  const passwd = readLocalFile('/etc/passwd');
  const group = readLocalFile('/etc/group');
  if (passwd !== undefined) out.passwd = passwd;
  if (group !== undefined) out.group = group;
  return out;
}
