// `ip -o route get ADDR`: the interface and source address the kernel would use for one MX
// address, for `-o`/`-s` matches in OUTPUT; and the host's whole routing tables (`ip route`),
// read where containers send mail (forwarded packets: src/firewall/routes.ts finds their route). The address is checked with parseIp and passed in its
// canonical form, so text from DNS or a config can never become an option or a second command.
import { formatIp, parseIp } from '../firewall/address.js';
import type { CollectionProblem, InputSection } from './collected.js';
import { liveSection } from './live-firewall.js';
import { problemFromOutcome, type RunCommand, type RunOptions } from './run-command.js';

export interface RouteAnswer {
  oif?: string;
  src?: string;
  /** the kernel's answer line, for evidence */
  route?: string;
  problem?: CollectionProblem;
}

const NO_DELIVERY = /^(unreachable|blackhole|prohibit|throw)\b/;

/** Parses the first line of `ip -o route get` ("203.0.113.10 via 192.0.2.1 dev eth0 src 192.0.2.2 uid 0 \    cache"). */
export function parseRouteGet(text: string): { oif?: string; src?: string; route?: string; type?: string } {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l !== '');
  if (line === undefined) return {};
  const route = line.replace(/\s*\\\s*cache\b.*$/, '').trim();
  const out: { oif?: string; src?: string; route?: string; type?: string } = { route };
  const dev = /\bdev\s+(\S+)/.exec(route);
  const src = /\bsrc\s+(\S+)/.exec(route);
  const type = NO_DELIVERY.exec(route);
  if (dev) out.oif = dev[1]!;
  if (src) out.src = src[1]!;
  if (type) out.type = type[1]!;
  return out;
}

export async function routeTo(address: string, run: RunCommand): Promise<RouteAnswer> {
  const ip = parseIp(address);
  if (!ip) return { problem: { what: 'ip route get', message: `not an IP address, not asked: ${JSON.stringify(address.slice(0, 100))}` } };
  const canonical = formatIp(ip);
  const outcome = await run(['ip', '-o', 'route', 'get', canonical]);
  if (outcome.status !== 'ok') return { problem: problemFromOutcome(outcome) ?? { what: `ip -o route get ${canonical}`, message: 'failed' } };
  const parsed = parseRouteGet(outcome.stdout);
  const answer: RouteAnswer = {};
  if (parsed.route !== undefined) answer.route = parsed.route;
  if (parsed.type) return { ...answer, problem: { what: `ip -o route get ${canonical}`, message: `the route is '${parsed.type}': packets to ${canonical} are not sent` } };
  if (parsed.oif !== undefined) answer.oif = parsed.oif;
  if (parsed.src !== undefined) answer.src = parsed.src;
  if (answer.oif === undefined) answer.problem = { what: `ip -o route get ${canonical}`, message: `no interface in the answer: ${JSON.stringify(parsed.route ?? '')}` };
  return answer;
}

/** The main routing tables, as the collect script records them (`ip route`, `ip -6 route`). */
export const ROUTE_COMMANDS: readonly (readonly [4 | 6, readonly string[]])[] = [
  [4, ['ip', 'route']],
  [6, ['ip', '-6', 'route']],
];

/**
 * The host's routing tables, for the out-interface of forwarded packets (a container's mail).
 * A table that cannot be read is no problem worth a word: its routes are then unknown, and the
 * answer says which rule tests an interface it could not settle.
 */
export async function collectRoutes(run: RunCommand, options: RunOptions = {}): Promise<InputSection[]> {
  const out: InputSection[] = [];
  for (const [family, argv] of ROUTE_COMMANDS) {
    const outcome = await run(argv, options);
    if (outcome.status === 'ok' && outcome.stdout.trim() !== '') out.push(liveSection('ip-route', argv, outcome.stdout, 'collected live (the routes say which interface forwarded mail leaves by)', family));
  }
  return out;
}
