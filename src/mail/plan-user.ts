// The uid/gid that opens Exim's remote SMTP connections: the Exim user (spec main options
// exim_user/exim_group; Debian builds in Debian-exim, CentOS/cPanel mailnull). Owner-match
// firewall rules (cPanel SMTP Restrictions, CSF SMTP_BLOCK) test exactly these ids.
import { findSetting, type EximConfig } from './exim/config.js';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

/** passwd(5) text: name:password:uid:gid:gecos:home:shell. Malformed lines are skipped. */
export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.split(':');
    if (f.length < 4 || !/^\d+$/.test(f[2]!) || !/^\d+$/.test(f[3]!)) continue;
    out.push({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]) });
  }
  return out;
}

/** group(5) text: name:password:gid:members → name → gid. */
export function parseGroup(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const f = line.split(':');
    if (f.length >= 3 && /^\d+$/.test(f[2]!)) out.set(f[0]!, Number(f[2]));
  }
  return out;
}

export interface EximIdentity {
  user: string;
  uid?: number;
  gid?: number;
  notes: string[];
}

export interface IdentityInputs {
  uid?: number;
  gid?: number;
  passwd?: string;
  group?: string;
  /** the MTA runs in a container: its packets reach this host's firewall forwarded, with no uid or gid, so its ids are not asked for */
  forwarded?: boolean;
}

/** Debian's build default; a configuration can override it with exim_user. */
export const DEFAULT_EXIM_USER = 'Debian-exim';

export function resolveEximIdentity(config: EximConfig | undefined, inputs: IdentityInputs): EximIdentity {
  const notes: string[] = [];
  const configured = config ? findSetting(config.main, 'exim_user')?.value.trim() : undefined;
  const user = configured || DEFAULT_EXIM_USER;
  if (!configured && !inputs.forwarded) notes.push(`exim_user not set in the configuration: assumed ${DEFAULT_EXIM_USER} (Debian's build default; CentOS/cPanel use mailnull)`);
  const groupName = config ? findSetting(config.main, 'exim_group')?.value.trim() : undefined;
  const entries = inputs.passwd !== undefined ? parsePasswd(inputs.passwd) : [];
  const entry = /^\d+$/.test(user) ? { name: user, uid: Number(user), gid: undefined } : entries.find((e) => e.name === user);
  let uid = inputs.uid ?? entry?.uid;
  let gid = inputs.gid;
  if (gid === undefined && groupName) {
    gid = /^\d+$/.test(groupName) ? Number(groupName) : inputs.group !== undefined ? parseGroup(inputs.group).get(groupName) : undefined;
  }
  gid ??= entry?.gid;
  if (inputs.uid === undefined && uid === undefined && !inputs.forwarded) notes.push(`the uid of ${user} is not known (give --uid, or a passwd file)`);
  if (inputs.gid === undefined && gid === undefined && !inputs.forwarded) notes.push(`the gid of ${user} is not known (give --gid)`);
  return { user, ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}), notes };
}
