// Postfix refuses (or the firewall stops) the mail, but address verification is on and its
// probes are routed by address_verify_* parameters that differ from mail's: verify(8) then opens
// its own SMTP session to the domain's servers (ADDRESS_VERIFICATION_README; postconf(5)
// address_verify_relayhost, address_verify_transport_maps), and the firewall lets it out.
import type { Analysis } from '../types.js';
import { makeFinding, type Finding } from './types.js';

export function detectVerifyProbeLeaks(a: Analysis): Finding[] {
  const routing = a.probeRouting;
  if (!routing) return [];
  const through = a.attempts.find((x) => x.probe && x.verdict === 'ACCEPT' && x.leavesHost) ?? a.attempts.find((x) => x.probe && x.verdict === 'UNKNOWN');
  if (!through) return [];
  const mailLeaks = a.attempts.some((x) => !x.probe && x.verdict === 'ACCEPT' && x.leavesHost);
  const mail = routing.mail.outcome === 'refused' ? 'refused' : mailLeaks ? 'leaks' : 'stopped';
  return [makeFinding('verify-probe-leaks',
    {
      domain: a.domain, restriction: routing.restriction, list: routing.list, routedBy: routing.routedBy,
      mail, ...(mail === 'refused' ? { mailReason: routing.mail.reason } : {}),
      host: through.host, address: through.address, port: through.port, family: through.family, certain: through.verdict === 'ACCEPT',
    },
    [
      { origin: 'Postfix configuration', note: `${routing.list} has ${routing.restriction}; probes are routed by ${routing.routedBy.join(', ')}` },
      { origin: 'delivery plan', note: `attempt ${through.order} (address verification probe): ${through.host} [${through.address ?? '?'}]:${through.port} ${through.verdict}`, family: through.family },
    ])];
}
