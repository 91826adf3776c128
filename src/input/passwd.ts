// Users and groups from /etc/passwd and /etc/group text (passwd(5), group(5)): the MTA's uid is
// what an `-m owner --uid-owner` rule sees. Read as text, so pasted copies work the same way.

export interface Account {
  name: string;
  id: number;
  /** passwd only: the primary group */
  gid?: number;
}

/** Parses passwd or group lines; anything else is skipped. */
export function parseAccounts(text: string): Account[] {
  const out: Account[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(':');
    if (fields.length < 3 || !/^\d+$/.test(fields[2] ?? '')) continue;
    const account: Account = { name: fields[0] ?? '', id: Number(fields[2]) };
    if (fields.length >= 7 && /^\d+$/.test(fields[3] ?? '')) account.gid = Number(fields[3]);
    out.push(account);
  }
  return out;
}

/** Finds a user or group by name, or takes a number as it is. */
export function findAccount(nameOrId: string, text: string): Account | undefined {
  if (/^\d+$/.test(nameOrId)) return { name: nameOrId, id: Number(nameOrId) };
  return parseAccounts(text).find((a) => a.name === nameOrId);
}

/** Exim's default users when `exim -bP exim_user` cannot tell: Debian's and RHEL/CentOS's. */
export const DEFAULT_EXIM_USERS = ['Debian-exim', 'mailnull'] as const;

/** `exim -bP exim_user exim_group` → names (`exim_user = Debian-exim`); numbers are kept as text. */
export function parseEximIdentity(text: string): { user?: string; group?: string } {
  const out: { user?: string; group?: string } = {};
  for (const line of text.split('\n')) {
    const match = /^\s*exim_(user|group)\s*=\s*(\S+)\s*$/.exec(line);
    if (match?.[1] === 'user') out.user = match[2]!;
    if (match?.[1] === 'group') out.group = match[2]!;
  }
  return out;
}
