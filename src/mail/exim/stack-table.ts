// What each hosting stack documents about the files and functions its Exim configuration uses,
// as data (issue "Exim as deployed" §2, §4): files it creates only when a feature is configured,
// where it lists the domains the server hosts, and the normal result of the Perl functions on its
// outbound path. The planner takes these for what is not at hand and says so
// (src/mail/types.ts StackAssumption); src/report/stack-assumption-text.ts words them.
import type { HostingStack } from './stack-types.js';

/** Each stack's name as mailleak says it. */
export const STACK_NAMES: Record<HostingStack, string> = {
  debian: "Debian's exim4-config",
  cpanel: 'cPanel',
  directadmin: 'DirectAdmin',
  hestia: 'HestiaCP',
  vesta: 'VestaCP',
  'exim-relay': 'the devture/exim-relay container',
};

export interface AbsentFile {
  stack: HostingStack;
  path: string;
  why: string;
}

/** Files a stack creates only when the administrator configures the feature. */
export const ABSENT_BY_DEFAULT: readonly AbsentFile[] = [
  { stack: 'debian', path: '/etc/exim4/hubbed_hosts', why: "Debian's exim4-config ships no hubbed_hosts file; it is created only to route domains to chosen hosts" },
  { stack: 'cpanel', path: '/etc/manualmx', why: 'cPanel creates /etc/manualmx only when a manual MX redirect is set' },
  { stack: 'cpanel', path: '/etc/staticroutes', why: 'cPanel creates /etc/staticroutes only for static routes' },
  { stack: 'cpanel', path: '/etc/demouids', why: 'cPanel lists the uids of demo-mode accounts there (democheck); no account is in demo mode' },
  { stack: 'hestia', path: '/etc/exim4/smtp_relay.conf', why: 'HestiaCP writes it only when a server-wide SMTP relay is configured (v-add-sys-smtp-relay)' },
  { stack: 'hestia', path: '/etc/exim4/domains/*/smtp_relay.conf', why: "HestiaCP writes a domain's smtp_relay.conf only when an SMTP relay is set for that mail domain" },
];

export interface HostedDomainSource {
  stack: HostingStack;
  /** a file listing hosted domains, or a directory with one entry per hosted domain */
  path: string;
  /** a list of domains, a directory with one entry per domain, or a file keyed by mailbox (user@domain) */
  form: 'list' | 'directory' | 'mailboxes';
  what: string;
}

/**
 * Where a stack records the domains it hosts. A domain the server does not host is in none of
 * them, and no per-domain file exists under a directory of them.
 */
export const HOSTED_DOMAIN_SOURCES: readonly HostedDomainSource[] = [
  { stack: 'cpanel', path: '/etc/localdomains', form: 'list', what: 'the domains cPanel delivers locally' },
  { stack: 'cpanel', path: '/etc/remotedomains', form: 'list', what: 'the hosted domains whose mail cPanel sends to a remote exchanger' },
  { stack: 'cpanel', path: '/etc/secondarymx', form: 'list', what: 'the domains this server is a backup MX for' },
  { stack: 'cpanel', path: '/etc/userdomains', form: 'list', what: "each hosted domain and its cPanel account" },
  { stack: 'cpanel', path: '/etc/valiases', form: 'directory', what: "one alias file per hosted domain" },
  { stack: 'cpanel', path: '/etc/vdomainaliases', form: 'directory', what: 'one domain-alias file per hosted domain' },
  { stack: 'cpanel', path: '/etc/vfilters', form: 'directory', what: 'one filter file per hosted domain' },
  { stack: 'cpanel', path: '/etc/raliases', form: 'directory', what: 'one regex-alias file per hosted domain' },
  { stack: 'cpanel', path: '/etc/ealiases', form: 'directory', what: 'one expiring-alias file per hosted domain' },
  { stack: 'debian', path: '/etc/dovecot/passwd', form: 'mailboxes', what: 'the mailboxes Dovecot serves (user@domain)' },
  { stack: 'directadmin', path: '/etc/virtual/domains', form: 'list', what: 'the domains DirectAdmin hosts' },
  { stack: 'directadmin', path: '/etc/virtual/domainowners', form: 'list', what: "each hosted domain and its DirectAdmin user" },
  { stack: 'directadmin', path: '/etc/virtual', form: 'directory', what: 'one directory per hosted domain' },
  { stack: 'hestia', path: '/etc/exim4/domains', form: 'directory', what: 'one directory per hosted mail domain' },
  { stack: 'vesta', path: '/etc/exim4/domains', form: 'directory', what: 'one directory per hosted mail domain' },
  { stack: 'vesta', path: '/etc/exim/domains', form: 'directory', what: 'one directory per hosted mail domain' },
];

export interface StackFunction {
  stack: HostingStack;
  /** the function's name in `${perl{name}…}` (cPanel: /etc/exim.pl; DirectAdmin: /etc/exim.pl) */
  name: string;
  /** what it returns on the normal path */
  result: string;
  meaning: string;
  why: string;
}

/** Stack functions on the outbound path, decided by their documented normal result. */
export const STACK_FUNCTIONS: readonly StackFunction[] = [
  { stack: 'cpanel', name: 'check_mail_permissions', result: '0', meaning: 'the sender may send (no mail-permission rewrite)', why: 'it returns true only for a sender cPanel must hold back (suspended, over its limits)' },
  { stack: 'cpanel', name: 'enforce_mail_permissions', result: '0', meaning: 'the sender is within its hourly limit', why: 'it returns true only when the account exceeded max_emails_per_hour or its defer/fail percentage' },
  { stack: 'cpanel', name: 'increment_max_emails_per_hour_if_needed', result: '0', meaning: 'the hourly counter is incremented and the router declines', why: 'it counts the message and returns false; its ":unknown:" data is never used' },
  { stack: 'cpanel', name: 'sender_domain_can_dkim_sign', result: '1', meaning: "the sender's domain has a DKIM key", why: 'cPanel creates a DKIM key for every domain it hosts (dkim_lookuphost then routes, with dkim_remote_smtp)' },
  { stack: 'directadmin', name: 'check_limits', result: 'yes', meaning: 'the sender is within its daily sending limit', why: "DirectAdmin's exim.pl returns \"yes\" below the user's limit (/etc/virtual/limit) and refuses only past it" },
];

export interface EnvDefault {
  stack: HostingStack;
  variable: string;
  value: string;
  why: string;
}

/** Environment variables a container image sets (its Dockerfile `ENV`), read by `${env{…}}`. */
export const ENV_DEFAULTS: readonly EnvDefault[] = [
  { stack: 'exim-relay', variable: 'SMARTHOST', value: '', why: 'the devture/exim-relay image sets SMARTHOST empty: mail goes out directly by MX unless the deployment sets a smarthost' },
  { stack: 'exim-relay', variable: 'LOCAL_DOMAINS', value: '@', why: 'the devture/exim-relay image sets LOCAL_DOMAINS=@: only the host name is local' },
  { stack: 'exim-relay', variable: 'RELAY_TO_DOMAINS', value: '*', why: 'the devture/exim-relay image sets RELAY_TO_DOMAINS=*' },
];

export function findEnvDefault(stack: HostingStack, variable: string): EnvDefault | undefined {
  return ENV_DEFAULTS.find((e) => e.stack === stack && e.variable === variable);
}

/** The rule for `path`; `*` in a rule stands for one path segment (any domain). */
export function findAbsentFile(stack: HostingStack, path: string): AbsentFile | undefined {
  const segments = path.split('/');
  return ABSENT_BY_DEFAULT.find((f) => {
    if (f.stack !== stack) return false;
    const rule = f.path.split('/');
    return rule.length === segments.length && rule.every((r, i) => r === segments[i] || (r === '*' && segments[i] !== ''));
  });
}

export function findStackFunction(stack: HostingStack, name: string): StackFunction | undefined {
  return STACK_FUNCTIONS.find((f) => f.stack === stack && f.name === name);
}

/**
 * The stack's hosted-domain sources, and the files the configuration's own `domainlist
 * local_domains` reads (by Exim's convention the domains the server delivers itself).
 */
export function hostedDomainSources(stack: HostingStack, localDomains: string | undefined): HostedDomainSource[] {
  const own = HOSTED_DOMAIN_SOURCES.filter((s) => s.stack === stack);
  const files = [...(localDomains ?? '').matchAll(/(?:^|[:;\s])(\/[^\s:;]+)/g)].map((m) => m[1]!);
  const lookups = [...(localDomains ?? '').matchAll(/\b(d?search|[\w-]*lsearch)(?:,[^;]*)?;\s*(\/[^\s:]+)/g)];
  const extra: HostedDomainSource[] = files.map((path) => ({ stack, path, form: lookups.some((l) => l[2] === path && l[1] === 'dsearch') ? 'directory' : 'list', what: 'the domains the configuration\'s local_domains list reads' }));
  return [...own, ...extra.filter((e) => !own.some((o) => o.path === e.path.replace(/\/+$/, '')))];
}

/** The hosted-domain source at `path` (a list, or a directory's entry or anything below it). */
export function findHostedDomainSource(sources: readonly HostedDomainSource[], path: string): { source: HostedDomainSource; entry?: string; below?: string } | undefined {
  const p = path.replace(/\/+$/, '');
  for (const source of sources) {
    if (p === source.path) return { source };
    if (source.form === 'directory' && p.startsWith(`${source.path}/`)) {
      const [entry, ...rest] = p.slice(source.path.length + 1).split('/');
      return { source, entry: entry!, ...(rest.length > 0 ? { below: rest.join('/') } : {}) };
    }
  }
  return undefined;
}
