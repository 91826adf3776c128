// Hosts whose bundles are written here rather than taken from a fixture folder: each is a case
// where fleet and check could part ways.
import { readFileSync } from 'node:fs';
import { filesBundle, fixturePath } from './bundles.js';

const MX_ONLY_V6 = (): string => readFileSync(fixturePath('allow-mx-only', 'ip6tables.save'), 'utf8');

function save(...rules: string[]): string {
  return ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...rules, 'COMMIT', ''].join('\n');
}

/**
 * domain.com's MX addresses are accepted and gmail.com is blocked, but a broader rule accepts
 * port 25 to 192.0.2.0/24: every domain passes, only the egress half of check fails.
 */
export function ONLY_EGRESS_FAILS(hostname: string): string {
  const v4 = save(
    '-A OUTPUT -d 198.51.100.25/32 -p tcp -m multiport --dports 25,465,587 -j ACCEPT',
    '-A OUTPUT -d 203.0.113.25/32 -p tcp -m multiport --dports 25,465,587 -j ACCEPT',
    '-A OUTPUT -d 192.0.2.0/24 -p tcp --dport 25 -j ACCEPT',
    '-A OUTPUT -p tcp -m multiport --dports 25,465,587 -j REJECT --reject-with tcp-reset',
  );
  return filesBundle({ 'iptables.save': v4, 'ip6tables.save': MX_ONLY_V6() }, hostname);
}

/** Every SMTP connection rejected in both families, no allow rule at all: domain.com is stopped. */
export function STOPPED_BY_RULES(hostname: string): string {
  const rules = save('-A OUTPUT -p tcp -m multiport --dports 25,465,587 -j REJECT --reject-with tcp-reset');
  return filesBundle({ 'iptables.save': rules, 'ip6tables.save': rules }, hostname);
}

/**
 * A server named after the allowed domain, with `local_domains = @` and no primary_hostname:
 * Exim's `@` is the hostname the bundle's header gives, so mail to domain.com stays on the host
 * (no router takes it). Read without the header's hostname, it would be delivered.
 */
export function HOST_NAMED_AFTER_ALLOWED(): string {
  const exim = [
    'domainlist local_domains = @ : localhost',
    'begin routers',
    'dnslookup:',
    '  driver = dnslookup',
    '  domains = ! +local_domains',
    '  transport = remote_smtp',
    '  no_more',
    'begin transports',
    'remote_smtp:',
    '  driver = smtp',
    '',
  ].join('\n');
  return filesBundle({ 'iptables.save': readFileSync(fixturePath('allow-mx-only', 'iptables.save'), 'utf8'), 'ip6tables.save': MX_ONLY_V6(), 'exim.conf': exim }, 'domain.com');
}
