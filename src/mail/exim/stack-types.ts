// The hosting stacks mailleak recognises in an Exim configuration and the defaults it takes from
// them, as data (re-exported by src/mail/types.ts for the analyses and renderers).

/** The hosting stack that generated an Exim configuration (src/mail/exim/stack.ts recognises it). */
export type HostingStack = 'debian' | 'cpanel' | 'directadmin' | 'hestia' | 'vesta' | 'exim-relay';

/** Debian exim4-config's configuration types (dc_eximconfig_configtype, update-exim4.conf(8)). */
export type DebianConfigtype = 'internet' | 'smarthost' | 'satellite' | 'local';

/**
 * A stack's documented default taken for something not at hand (a file, a Perl function's
 * result, an environment variable), each with the command that settles it. Data: the facts and
 * reasons are in src/mail/exim/stack-table.ts, the sentences in src/report/stack-assumption-text.ts.
 */
export type StackAssumption =
  /** a file the stack creates only when a feature is configured */
  | { kind: 'file-absent'; stack: HostingStack; path: string }
  /** the recipient's domain is not one the server hosts, so a file or directory of hosted domains lacks it */
  | { kind: 'domain-not-hosted'; stack: HostingStack; domain: string; source: string }
  /** a known stack function (`${perl{…}}`) taken by its documented normal result */
  | { kind: 'function-result'; stack: HostingStack; name: string; result: string }
  /** Debian's configtype: from the DCconfig_* macro, or the template's own (none defined: "local") */
  | { kind: 'debian-configtype'; configtype: DebianConfigtype; from: 'macro' | 'template' }
  /** an environment variable (`${env{…}}`) taken as the stack's image sets it */
  | { kind: 'env-default'; stack: HostingStack; variable: string; value: string };
