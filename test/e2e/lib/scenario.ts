// What one e2e scenario is: the DNS of the little internet, the Exim routers of the mail host,
// its two rulesets (iptables-save text, `{EXIM_UID}` is replaced by the Exim user's uid), and the
// recipient. With `container`, Exim runs in a container namespace behind the host's bridge
// (E2E_CONTAINER_NET) and the rulesets are the Docker host's. `intent` says what the scenario is built to show; it only guards the rig (a typo
// in a ruleset must not turn the IPv6 case into a trivial one). Agreement is judged against
// what actually happened, never against `intent`.

export interface Scenario {
  name: string;
  recipient: string;
  routers: string;
  /** extra smtp transports (remote_smtp with connect_timeout = 2s always exists) */
  transports?: string;
  v4: string;
  v6: string;
  /** a sink on the mail host itself (the target of a nat REDIRECT) */
  localSinkPort?: number;
  /** also connect as this other (ordinary) uid, and compare with `explain --uid` */
  otherUid?: number;
  /** the MTA runs in a container behind the host's bridge: its mail is forwarded by the host */
  container?: boolean;
  intent: { leaves: boolean; family?: 4 | 6; port?: number; local?: boolean; refused?: boolean };
}

/** The little internet: MX hosts and a smarthost in documentation ranges, on .test names. */
export const E2E_ZONE = `
$ORIGIN test.
@               3600 IN SOA ns.test. admin.test. 1 3600 600 86400 60
leaky           IN MX   10 mx.leaky
mx.leaky        IN A    198.51.100.25
mx.leaky        IN AAAA 2001:db8:25::25
leaky4          IN MX   10 mx.leaky4
mx.leaky4       IN A    198.51.100.26
allowed         IN A    203.0.113.10
allowed         IN MX   10 mx.allowed
mx.allowed      IN A    198.51.100.40
smarthost       IN A    203.0.113.50
`;

/**
 * The container network of the Docker host scenarios: a compose network's bridge (br- and 12 hex
 * digits, as Docker names it), the container at .130 / ::53. Outside every MX address.
 */
export const E2E_CONTAINER_NET = {
  bridge: 'br-4d61696c2e74',
  prefix: { 4: 26, 6: 64 },
  gateway: { 4: '203.0.113.129', 6: '2001:db8:c0::1' },
  container: { 4: '203.0.113.130', 6: '2001:db8:c0::53' },
  subnet: { 4: '203.0.113.128/26', 6: '2001:db8:c0::/64' },
} as const;

/** Every address the world namespace owns (and answers SMTP on). */
export const WORLD_ADDRESSES = ['198.51.100.25', '2001:db8:25::25', '198.51.100.26', '198.51.100.40', '203.0.113.10', '203.0.113.50'];

export const DNSLOOKUP = `
dnslookup:
  driver = dnslookup
  domains = ! +local_domains
  transport = remote_smtp
  no_more
`;

/** A filter table: the given policy for OUTPUT, loopback and replies allowed, then `rules`. */
export function filter(policy: 'ACCEPT' | 'DROP', rules: string[], chains: string[] = [], opts: { keepReplies?: boolean } = {}): string {
  const base = policy === 'DROP' ? ['-A OUTPUT -o lo -j ACCEPT', ...(opts.keepReplies === false ? [] : ['-A OUTPUT -m state --state RELATED,ESTABLISHED -j ACCEPT'])] : [];
  return ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', `:OUTPUT ${policy} [0:0]`, ...chains.map((c) => `:${c} - [0:0]`), ...base, ...rules, 'COMMIT', ''].join('\n');
}

export const OPEN = filter('ACCEPT', []);
