// Turns one `-m NAME …` (with its options) into model matches, for the modules whose meaning the
// simulator models (iptables-extensions(8)). A value we cannot read becomes an `unknown` match
// plus a diagnostic, so the rule stays and evaluates to maybe.
import { diagnostic } from '../../diagnostics.js';
import type { DiagnosticArgs } from '../../diagnostics.js';
import type { Match, OwnerId } from '../model.js';
import { parseIcmpType } from './rule-spec-icmp.js';
import type { BuildContext, ModuleUse, OptionUse } from './rule-spec-modules.js';
import { formatModule, formatOption, STATEFUL_REASONS } from './rule-spec-modules.js';
import { parseConnStates, parseHostRange, parseIdRange, parsePortList, parseTcpFlags } from './rule-spec-values.js';

type Builder = (use: ModuleUse, opt: OptionUse, ctx: BuildContext) => Match | undefined;

function unknownOption(use: ModuleUse, opt: OptionUse, ctx: BuildContext, value: DiagnosticArgs<'bad-option-value'>['value']): Match {
  const text = `${use.explicit ? `-m ${use.name} ` : ''}${formatOption(opt)}`;
  ctx.diagnostics.push(diagnostic('bad-option-value', { value, text }, { ...ctx.loc, column: opt.word.column }));
  return { kind: 'unknown', module: use.name, text };
}

function arg(opt: OptionUse, i = 0): string {
  return opt.args[i]?.text ?? '';
}

const SOURCE_PORT_OPTIONS = new Set(['sport', 'source-port', 'sports', 'source-ports']);

const buildPort: Builder = (use, opt, ctx) => {
  const dir = SOURCE_PORT_OPTIONS.has(opt.option) ? 'src' : opt.option === 'ports' ? 'any' : 'dst';
  const list = parsePortList(arg(opt));
  if (!list || (use.name !== 'multiport' && list.ranges.length > 1)) return unknownOption(use, opt, ctx, 'port');
  if (list.unresolved) ctx.diagnostics.push(diagnostic('unknown-service-name', { name: arg(opt) }, { ...ctx.loc, column: opt.word.column }));
  return { kind: 'port', dir, negated: opt.negated, ranges: list.ranges, ...(list.names ? { names: list.names } : {}) };
};

const buildTcp: Builder = (use, opt, ctx) => {
  switch (opt.option) {
    case 'tcp-flags': {
      const mask = parseTcpFlags(arg(opt, 0));
      const comparison = parseTcpFlags(arg(opt, 1));
      if (mask === undefined || comparison === undefined) return unknownOption(use, opt, ctx, 'tcp-flags');
      return { kind: 'tcp-flags', negated: opt.negated, mask, comparison };
    }
    case 'syn':
      // --syn is --tcp-flags SYN,RST,ACK,FIN SYN (iptables-extensions(8) tcp)
      return { kind: 'tcp-flags', negated: opt.negated, mask: 0x17, comparison: 0x02 };
    case 'tcp-option': {
      const n = Number(arg(opt));
      if (!/^\d+$/.test(arg(opt)) || n > 255) return unknownOption(use, opt, ctx, 'tcp-option');
      return { kind: 'tcp-option', negated: opt.negated, option: n };
    }
  }
  if (/port/.test(opt.option)) return buildPort(use, opt, ctx);
  return { kind: 'unknown', module: use.name, text: formatModule(use, [opt]) };
};

const buildState: Builder = (use, opt, ctx) => {
  const states = parseConnStates(arg(opt), use.name === 'conntrack');
  if (!states) return unknownOption(use, opt, ctx, 'conn-state');
  return { kind: 'state', module: use.name === 'conntrack' ? 'conntrack' : 'state', negated: opt.negated, states };
};

const buildIprange: Builder = (use, opt, ctx) => {
  const range = parseHostRange(arg(opt));
  if (!range) return unknownOption(use, opt, ctx, 'address-range');
  return { kind: 'iprange', dir: opt.option === 'src-range' ? 'src' : 'dst', negated: opt.negated, ...range };
};

const buildIcmp: Builder = (use, opt, ctx) => {
  const family = use.name === 'icmp6' ? 6 : 4;
  const t = parseIcmpType(arg(opt), family);
  if (!t) return unknownOption(use, opt, ctx, 'icmp-type');
  return { kind: 'icmp', family, negated: opt.negated, type: t.type, ...(t.codes ? { codes: t.codes } : {}) };
};

const buildComment: Builder = (_use, opt) => ({ kind: 'comment', text: arg(opt) });

const BUILDERS: Record<string, Builder> = {
  tcp: buildTcp, udp: buildTcp, sctp: buildTcp, dccp: buildTcp, multiport: buildPort, state: buildState,
  iprange: buildIprange, icmp: buildIcmp, icmp6: buildIcmp, comment: buildComment,
};

/** owner: uid, gid and --socket-exists of one `-m owner` form one match (libxt_owner.c). */
function buildOwner(use: ModuleUse, ctx: BuildContext): Match[] {
  const owner: Extract<Match, { kind: 'owner' }> = { kind: 'owner' };
  const rest: OptionUse[] = [];
  const suppl = use.options.some((o) => o.option === 'suppl-groups');
  for (const opt of use.options) {
    if (opt.option === 'socket-exists') { owner.socketExists = { negated: opt.negated }; continue; }
    if (opt.option === 'suppl-groups') continue;
    // --suppl-groups also matches supplementary groups, which a packet description does not carry
    if ((opt.option === 'uid-owner' || opt.option === 'gid-owner') && !(suppl && opt.option === 'gid-owner')) {
      const id = parseIdRange(arg(opt));
      if (!id) return [unknownOption(use, opt, ctx, 'owner-id')];
      const value: OwnerId = 'name' in id ? { negated: opt.negated, range: { from: -1, to: -1 }, name: id.name } : { negated: opt.negated, range: id };
      if (opt.option === 'uid-owner') owner.uid = value;
      else owner.gid = value;
      continue;
    }
    rest.push(opt);
  }
  if (suppl) rest.push(...use.options.filter((o) => o.option === 'suppl-groups'));
  const out: Match[] = owner.uid || owner.gid || owner.socketExists ? [owner] : [];
  if (rest.length) out.push({ kind: 'stateful', module: 'owner', text: formatModule(use, rest), reason: STATEFUL_REASONS.owner! });
  return out;
}

/** addrtype: each --src-type/--dst-type is one match; the --limit-iface-* flags apply to both. */
function buildAddrtype(use: ModuleUse): Match[] {
  const limitIfaceIn = use.options.some((o) => o.option === 'limit-iface-in');
  const limitIfaceOut = use.options.some((o) => o.option === 'limit-iface-out');
  return use.options
    .filter((o) => o.option === 'src-type' || o.option === 'dst-type')
    .map((o) => ({
      kind: 'addrtype', dir: o.option === 'src-type' ? 'src' : 'dst', negated: o.negated,
      types: arg(o).toUpperCase().split(','),
      ...(limitIfaceIn ? { limitIfaceIn } : {}), ...(limitIfaceOut ? { limitIfaceOut } : {}),
    }));
}

/** conntrack: --ctstate is modelled; the other options depend on conntrack details. */
function buildConntrack(use: ModuleUse, ctx: BuildContext): Match[] {
  const out: Match[] = [];
  const rest = use.options.filter((o) => o.option !== 'ctstate');
  for (const opt of use.options) if (opt.option === 'ctstate') out.push(buildState(use, opt, ctx)!);
  if (rest.length) out.push({ kind: 'stateful', module: 'conntrack', text: formatModule(use, rest), reason: STATEFUL_REASONS.conntrack! });
  return out;
}

/** The matches of one module use, in the order its options were written. */
export function buildModuleMatches(use: ModuleUse, ctx: BuildContext): Match[] {
  if (use.name === 'owner') return buildOwner(use, ctx);
  if (use.name === 'addrtype') return buildAddrtype(use);
  if (use.name === 'conntrack') return buildConntrack(use, ctx);
  const builder = BUILDERS[use.name];
  if (builder) return use.options.map((o) => builder(use, o, ctx)).filter((m): m is Match => m !== undefined);
  const reason = STATEFUL_REASONS[use.name];
  if (reason) return [{ kind: 'stateful', module: use.name, text: formatModule(use), reason }];
  return [{ kind: 'unknown', module: use.name, text: formatModule(use) }];
}
