// What one postfix-tier scenario is: Debian's Internet-site main.cf with the scenario's settings,
// Debian's master.cf with the scenario's -o overrides, the lookup tables it names (postmap'ed
// in the namespace), the host's two rulesets (iptables-save text, `{POSTFIX_UID}` is the postfix
// user's uid) and the recipient. `intent` only guards the rig (a typo must not turn a scenario
// into a trivial one); agreement is judged against what Postfix really did.
import { E2E_ZONE, WORLD_ADDRESSES } from '../../e2e/lib/scenario.js';

export interface PostfixScenario {
  name: string;
  recipient: string;
  /** main.cf settings on top of Debian's Internet-site main.cf (a set parameter is replaced in place) */
  main?: Record<string, string>;
  /** `-o` lines added to a master.cf service (Debian's master.cf otherwise) */
  masterOptions?: { service: string; options: string[] };
  /** one more master.cf service line */
  masterService?: string;
  /** more addresses of the mail host's eth0 (CIDR), e.g. for smtp_bind_address */
  hostAddresses?: string[];
  /** /etc/postfix/NAME → source text; hash: tables are built with postmap */
  maps?: Record<string, string>;
  /** the envelope sender of the message (default SENDER); when set, explain is told it (--sender) */
  sender?: string;
  v4: string;
  v6: string;
  intent: { leaves: boolean; family?: 4 | 6; address?: string; port?: number; refused?: boolean };
}

/** The envelope sender of every message (sender_dependent_relayhost_maps keys on it). */
export const SENDER = 'sender@mailhost.test';

/** The e2e tier's little internet, plus what the Postfix scenarios need. */
export const POSTFIX_ZONE = `${E2E_ZONE}
nullmx          IN MX   0 .
relay           IN MX   10 mx.relay
relay           IN A    203.0.113.61
mx.relay        IN A    203.0.113.60
submit          IN A    203.0.113.80
`;

export const POSTFIX_WORLD = [...WORLD_ADDRESSES, '203.0.113.60', '203.0.113.61', '203.0.113.80'];

/**
 * main.cf as Debian 12's postinst writes it for "Internet Site" (mail name mailhost.test):
 * main.cf.debian, the TLS block, then the debconf answers via postconf -e.
 */
export const DEBIAN_MAIN_CF = `# See /usr/share/postfix/main.cf.dist for a commented, more complete version


# Debian specific:  Specifying a file name will cause the first
# line of that file to be used as the name.  The Debian default
# is /etc/mailname.
#myorigin = /etc/mailname

smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)
biff = no

# appending .domain is the MUA's job.
append_dot_mydomain = no

# Uncomment the next line to generate "delayed mail" warnings
#delay_warning_time = 4h

readme_directory = no

# See http://www.postfix.org/COMPATIBILITY_README.html -- default to 3.6 on
# fresh installs.
compatibility_level = 3.6



# TLS parameters
smtpd_tls_cert_file=/etc/ssl/certs/ssl-cert-snakeoil.pem
smtpd_tls_key_file=/etc/ssl/private/ssl-cert-snakeoil.key
smtpd_tls_security_level=may

smtp_tls_CApath=/etc/ssl/certs
smtp_tls_security_level=may
smtp_tls_session_cache_database = btree:\${data_directory}/smtp_scache


smtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated defer_unauth_destination
myhostname = mailhost.test
alias_maps = hash:/etc/aliases
alias_database = hash:/etc/aliases
myorigin = /etc/mailname
mydestination = $myhostname, mailhost.test, localhost.test, , localhost
relayhost =
mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128
mailbox_size_limit = 0
recipient_delimiter = +
inet_interfaces = all
inet_protocols = all
`;

/**
 * The test rig's own settings, the same in every scenario: a log file instead of syslog, and
 * short timeouts so that a DROPped SYN fails within seconds (smtp_connect_timeout) and the
 * queue manager does not wait long before it tries again.
 */
export const RIG_MAIN: Record<string, string> = {
  maillog_file: '/var/log/postfix.log',
  smtp_connect_timeout: '2s',
  queue_run_delay: '1s',
  minimal_backoff_time: '1s',
  maximal_backoff_time: '2s',
};

/** Debian's main.cf with `settings`: a parameter already set is replaced where it stands. */
export function mainCf(settings: Record<string, string>): string {
  let text = DEBIAN_MAIN_CF;
  const added: string[] = [];
  for (const [name, value] of Object.entries(settings)) {
    const line = new RegExp(`^${name} ?=.*$`, 'm');
    if (line.test(text)) text = text.replace(line, `${name} = ${value}`);
    else added.push(`${name} = ${value}`);
  }
  return added.length > 0 ? `${text}${added.join('\n')}\n` : text;
}

/**
 * Debian's master.cf (/usr/share/postfix/master.cf.dist) with chroot off — the chroot jail would
 * need copies of /etc files in the queue directory and changes nothing about where mail goes —
 * and a scenario's `-o` lines under its service.
 */
export function masterCf(debian: string, s: Pick<PostfixScenario, 'masterOptions' | 'masterService'>): string {
  const lines = debian.split('\n').map((l) => l.replace(/^(\S+\s+(?:unix|inet|fifo|unix-dgram|pass)\s+[-yn]\s+[-yn]\s+)y(\s)/, '$1n$2'));
  if (s.masterService) lines.push(s.masterService);
  const extra = s.masterOptions;
  if (!extra) return lines.join('\n');
  const at = lines.findIndex((l) => new RegExp(`^${extra.service}\\s+unix\\s`).test(l));
  if (at < 0) throw new Error(`master.cf has no unix service ${extra.service}`);
  lines.splice(at + 1, 0, ...extra.options.map((o) => `  -o ${o}`));
  return lines.join('\n');
}
