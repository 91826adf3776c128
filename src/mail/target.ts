// What a mail target on the command line is: a domain (gmail.com) or an address at one
// (user@gmail.com). One reading for every command; each says which forms it accepts.

/**
 * - `hostname`: a DNS host name of two or more labels (RFC 1123 §2.1): what explain and check
 *   analyse, since mail to it leaves the host;
 * - `name`: any other dotted name Exim can route (a single label, underscores: `root@localhost`);
 * - `address-literal`: `[192.0.2.1]` (RFC 5321 §4.1.3).
 */
export type TargetForm = 'hostname' | 'name' | 'address-literal';

const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/;
const ADDRESS_LITERAL = /^\[[0-9a-fA-F:.]+\]$/;

/** The form of a target's domain (the part after the last `@`), or undefined when it is none. */
export function classifyMailTarget(target: string): TargetForm | undefined {
  const domain = target.slice(target.lastIndexOf('@') + 1);
  if (HOSTNAME.test(domain.replace(/\.$/, ''))) return 'hostname';
  if (NAME.test(domain)) return 'name';
  if (ADDRESS_LITERAL.test(domain)) return 'address-literal';
  return undefined;
}

/**
 * An envelope sender as given (--sender, the page's field): `<>` (or nothing in brackets) is the
 * null sender, returned as ''; undefined when it is not a mail address.
 */
export function readEnvelopeSender(value: string): string | undefined {
  const s = value.trim().replace(/^<(.*)>$/, '$1');
  if (s === '') return '';
  const at = s.lastIndexOf('@');
  if (/\s/.test(s) || at <= 0 || classifyMailTarget(s) === undefined) return undefined;
  return s;
}

/** The refusal of a target that is not a mail domain or address (the CLI's exit 2, the web page's message). */
export function describeBadTarget(target: string, what = 'target'): string {
  return `${what} ${JSON.stringify(target)} is not a mail domain or address (e.g. gmail.com or user@gmail.com)`;
}
