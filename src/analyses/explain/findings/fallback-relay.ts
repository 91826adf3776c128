// The firewall stops the connections to the next hop, but that is a temporary failure: the
// MTA then hands the mail to its fallback relay (Postfix smtp_fallback_relay, used "when
// delivery fails due to a non-permanent error", postconf(5); Exim fallback_hosts), and the
// firewall lets that connection out. Blocking port 25 alone does not stop the mail.
import type { Analysis } from '../types.js';
import { makeFinding, type Finding } from './types.js';

export function detectFallbackRelay(a: Analysis): Finding[] {
  const main = a.attempts.filter((x) => !x.fallback);
  const stopped = main.filter((x) => x.verdict === 'DROP' || x.verdict === 'REJECT');
  // the main hosts fail (or may: an unknown verdict is not a way out either) before the fallback is used
  if (stopped.length === 0 || main.some((x) => x.verdict === 'ACCEPT' && x.leavesHost)) return [];
  const through = a.attempts.find((x) => x.fallback && x.verdict === 'ACCEPT' && x.leavesHost) ?? a.attempts.find((x) => x.fallback && x.verdict === 'UNKNOWN');
  if (!through) return [];
  return [makeFinding('fallback-relay',
    { domain: a.domain, mta: a.mta, stopped: stopped.length, relay: through.host, address: through.address, port: through.port, family: through.family, certain: through.verdict === 'ACCEPT' },
    [
      ...stopped.slice(0, 2).map((x) => ({ origin: 'delivery plan', note: `attempt ${x.order}: ${x.host} [${x.address ?? '?'}]:${x.port} ${x.verdict}`, family: x.family })),
      { origin: 'delivery plan', note: `attempt ${through.order} (fallback): ${through.host} [${through.address ?? '?'}]:${through.port} ${through.verdict}`, family: through.family },
    ])];
}
