// A tiny in-memory DNS for planner tests: zone text read with the DNS module's own parser, served
// by its records resolver (names not mentioned are "unknown", names under an SOA do not exist).
import { parseZoneText } from '../../../../src/mail/dns/zone-parse.js';
import { createRecordsResolver } from '../../../../src/mail/dns/records-resolver.js';
import type { Resolver } from '../../../../src/mail/dns/resolver.js';
import { diagnosticMessage } from '../../../../src/report/diagnostic-text.js';

export function zoneResolver(text: string): Resolver {
  const parsed = parseZoneText(text, 'test zone');
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => `${d.loc?.line}: ${diagnosticMessage(d)}`).join('; '));
  return createRecordsResolver(parsed.records, 'test zone');
}

/** The synthetic data of exim-samples/dns/dnsmasq.conf as zone text (documentation addresses). */
export const SAMPLE_ZONE = `
$ORIGIN example.
@                     3600 IN SOA ns.example. admin.example. 1 3600 600 86400 60
implicit              IN A     203.0.113.20
implicit              IN AAAA  2001:db8:2::20
nullmx                IN MX    0 .
nullmx                IN A     203.0.113.21
mxcname               IN MX    10 alias.mxcname
alias.mxcname         IN CNAME real.mxcname
real.mxcname          IN A     203.0.113.30
mxmissing             IN MX    10 nonexistent.mxmissing
loopmx                IN MX    10 lo.loopmx
lo.loopmx             IN A     127.0.0.1
v6only                IN MX    10 mx6.v6only
mx6.v6only            IN AAAA  2001:db8:6::25
smtp.relay            IN A     203.0.113.50
smtp.relay            IN AAAA  2001:db8:50::50
$ORIGIN test.
@                     3600 IN SOA ns.test. admin.test. 1 3600 600 86400 60
mail                  IN MX    5  mx1.mail
mail                  IN MX    10 mx2.mail
mail                  IN MX    20 mx3.mail
mx1.mail              IN A     198.51.100.27
mx1.mail              IN AAAA  2001:db8:4860::1b
mx2.mail              IN A     198.51.100.26
mx2.mail              IN AAAA  2001:db8:4860::1a
mx3.mail              IN A     198.51.100.25
mx3.mail              IN AAAA  2001:db8:4860::19
allowed               IN MX    10 mx.allowed
mx.allowed            IN A     203.0.113.10
mx.allowed            IN AAAA  2001:db8:1::10
`;
