// `nft -j list ruleset` (libnftables-json(5)): flat objects table, chain, set, map, rule, each
// naming its family and table; rules in the order listed. Statements map to the same
// statements as the text (ir.ts). `xt` expressions (iptables-nft rules) carry no arguments in
// JSON and become unknown. Never throws: invalid JSON is one diagnostic and no tables.
import type { Diagnostic, SourceLoc } from '../../diagnostics.js';
import { diagnostic } from '../../diagnostics.js';
import type { HookName, NftFamily } from '../model.js';
import { HOOK_NAMES } from '../hooks.js';
import type { NftChainIr, NftTableIr, Op, Selector, Statement, Value, Verdict } from './ir.js';
import type { NftTextParse } from './text.js';

type J = Record<string, unknown>;
const obj = (v: unknown): J | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as J) : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function selectorOf(v: unknown): Selector | undefined {
  const o = obj(v);
  const meta = obj(o?.meta);
  if (meta) return { kind: 'meta', key: str(meta.key) };
  const payload = obj(o?.payload);
  if (payload) return { kind: 'payload', protocol: str(payload.protocol), field: str(payload.field) };
  const ct = obj(o?.ct);
  if (ct) return { kind: 'ct', key: str(ct.key) };
  return undefined;
}

function valueOf(v: unknown): Value {
  if (typeof v === 'number') return { kind: 'atom', text: String(v) };
  if (typeof v === 'string') return v.startsWith('@') ? { kind: 'named', name: v.slice(1) } : { kind: 'atom', text: v };
  if (Array.isArray(v)) return { kind: 'flags', elems: v.map(valueOf) };
  const o = obj(v);
  if (o && Array.isArray(o.set)) return { kind: 'set', elems: o.set.map(valueOf) };
  // `ct state != new,established` lists as the binary or {"|": ["established", "new"]}
  if (o && Array.isArray(o['|'])) return { kind: 'flags', elems: o['|'].map(valueOf) };
  if (o && Array.isArray(o.range)) return { kind: 'range', from: str(o.range[0]), to: str(o.range[1]) };
  const prefix = obj(o?.prefix);
  if (prefix) return { kind: 'prefix', addr: str(prefix.addr), len: Number(prefix.len) };
  const elem = obj(o?.elem);
  if (elem) return valueOf(elem.val);
  return { kind: 'opaque', text: JSON.stringify(v) };
}

function verdictOf(o: J): Verdict | undefined {
  const [key] = Object.keys(o);
  const arg = obj(o[key!]);
  switch (key) {
    case 'accept':
    case 'drop':
    case 'return':
    case 'continue':
      return { kind: key };
    case 'jump':
    case 'goto':
      return { kind: key, chain: str(arg?.target) };
    case 'reject':
      return arg?.type ? { kind: 'reject', with: [str(arg.type), str(arg.expr)].filter(Boolean).join(' ') } : { kind: 'reject' };
    case 'dnat':
    case 'snat':
    case 'redirect':
    case 'masquerade': {
      const action = key === 'dnat' ? 'DNAT' : key === 'snat' ? 'SNAT' : key === 'redirect' ? 'REDIRECT' : 'MASQUERADE';
      const addr = str(arg?.addr);
      const port = arg?.port === undefined ? '' : `:${str(arg.port)}`;
      return addr || port ? { kind: 'nat', action, to: `${addr}${port}` } : { kind: 'nat', action };
    }
    case 'queue':
    case 'notrack':
      return { kind: 'other', name: key };
    default:
      return undefined;
  }
}

function statementOf(e: unknown): Statement {
  const o = obj(e) ?? {};
  const text = JSON.stringify(e);
  const match = obj(o.match);
  if (match) {
    const left = selectorOf(match.left);
    const op = (str(match.op) === 'in' ? '==' : str(match.op)) as Op;
    if (left && ['==', '!=', '<', '>', '<=', '>='].includes(op)) return { kind: 'match', left, op, right: valueOf(match.right), text };
    // `tcp flags & (syn | ack) == syn`, a concatenation …: not read, but its payload's protocol
    // dependency holds, as in the text form (the match becomes unknown beside it)
    const payload = /"payload":\s*\{"protocol":\s*"(\w+)",\s*"field":\s*"(\w+)"/.exec(JSON.stringify(match.left));
    if (payload) return { kind: 'match', left: { kind: 'payload', protocol: payload[1]!, field: payload[2]! }, op: '==', right: { kind: 'opaque', text }, text };
    return { kind: 'unknown', text };
  }
  if ('counter' in o) {
    const c = obj(o.counter);
    return { kind: 'counter', packets: Number(c?.packets ?? 0), bytes: Number(c?.bytes ?? 0) };
  }
  const vmap = obj(o.vmap);
  if (vmap) {
    const key = selectorOf(vmap.key);
    const data = vmap.data;
    if (key && typeof data === 'string' && data.startsWith('@')) return { kind: 'vmap', key, entries: { named: data.slice(1) }, text };
    const pairs = Array.isArray(obj(data)?.set) ? (obj(data)!.set as unknown[]) : undefined;
    const entries = pairs?.map((p) => (Array.isArray(p) && obj(p[1]) ? ([valueOf(p[0]), verdictOf(obj(p[1])!)] as const) : undefined));
    if (key && entries && entries.every((x) => x && x[1])) return { kind: 'vmap', key, entries: entries.map((x) => [x![0], x![1]!]), text };
    return { kind: 'unknown', text };
  }
  // iptables-nft's x_tables extensions: JSON names them without their arguments. A target may
  // end the traversal with any verdict (REJECT, DNAT …); a match may or may not hold
  const xt = obj(o.xt);
  if (xt) return xt.type === 'target' ? { kind: 'verdict', verdict: { kind: 'other', name: `xt target ${str(xt.name)}` } } : { kind: 'unknown', text: `xt match "${str(xt.name)}"` };
  if ('log' in o || 'mangle' in o) return { kind: 'log', text };
  if ('limit' in o || 'quota' in o) return { kind: 'stateful', text };
  const verdict = verdictOf(o);
  return verdict ? { kind: 'verdict', verdict } : { kind: 'unknown', text };
}

export function parseNftJsonIr(text: string, origin: string): NftTextParse {
  const diagnostics: Diagnostic[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { tables: [], diagnostics: [diagnostic('nft-json-invalid', { message: e instanceof Error ? e.message : String(e) }, { origin, line: 1, text: '' })] };
  }
  const items = obj(doc)?.nftables;
  if (!Array.isArray(items)) return { tables: [], diagnostics: [diagnostic('nft-json-invalid', { message: 'no "nftables" array' }, { origin, line: 1, text: '' })] };
  const tables = new Map<string, NftTableIr>();
  const chains = new Map<string, NftChainIr>();
  const loc = (n: number, what: string): SourceLoc => ({ origin, line: n + 1, text: what });
  const tableOf = (o: J, n: number): NftTableIr | undefined => {
    const family = str(o.family);
    if (family !== 'ip' && family !== 'ip6' && family !== 'inet') return undefined;
    const key = `${family} ${str(o.table ?? o.name)}`;
    if (!tables.has(key)) tables.set(key, { family: family as NftFamily, name: str(o.table ?? o.name), chains: [], sets: [], loc: loc(n, `table ${key}`) });
    return tables.get(key);
  };
  items.forEach((item, n) => {
    const it = obj(item) ?? {};
    const table = obj(it.table);
    if (table) return void tableOf(table, n);
    const chain = obj(it.chain);
    const set = obj(it.set) ?? obj(it.map);
    const rule = obj(it.rule);
    const owner = chain ?? set ?? rule;
    const t = owner ? tableOf(owner, n) : undefined;
    if (!t) return;
    if (chain) {
      const c: NftChainIr = { name: str(chain.name), rules: [], loc: loc(n, `chain ${t.family} ${t.name} ${str(chain.name)}`) };
      const hook = str(chain.hook) as HookName;
      if (chain.hook !== undefined && HOOK_NAMES.includes(hook)) {
        const type = chain.type === 'nat' ? 'nat' : chain.type === 'route' ? 'route' : 'filter';
        c.base = { type, hook, priority: Number(chain.prio ?? 0), policy: chain.policy === 'drop' ? 'drop' : 'accept' };
      }
      t.chains.push(c);
      chains.set(`${t.family} ${t.name} ${c.name}`, c);
    } else if (set) {
      const elems = Array.isArray(set.elem) ? set.elem : [];
      const verdicts = set.map === 'verdict' ? elems.map((p) => (Array.isArray(p) && obj(p[1]) ? ([valueOf(p[0]), verdictOf(obj(p[1])!)] as const) : undefined)) : undefined;
      const ok = verdicts?.every((v) => v && v[1]) ? verdicts.map((v) => [v![0], v![1]!] as [Value, Verdict]) : undefined;
      t.sets.push({ name: str(set.name), elems: ok ? ok.map(([k]) => k) : elems.map(valueOf), ...(ok ? { verdicts: ok } : {}) });
    } else if (rule) {
      const c = chains.get(`${t.family} ${t.name} ${str(rule.chain)}`);
      const expr = Array.isArray(rule.expr) ? rule.expr : [];
      const statements = expr.map(statementOf);
      if (expr.some((e) => obj(e)?.xt !== undefined)) t.managedBy = 'iptables-nft';
      // xt matches are iptables-nft's: said through the table's mark and read from the save when given
      for (const s of statements) if (s.kind === 'unknown' && !s.text.startsWith('xt match')) diagnostics.push(diagnostic('nft-expression-unknown', { text: s.text }, loc(n, s.text)));
      if (typeof rule.comment === 'string') statements.push({ kind: 'comment', text: rule.comment });
      c?.rules.push({ statements, loc: loc(n, `rule handle ${str(rule.handle)}`) });
    }
  });
  return { tables: [...tables.values()], diagnostics };
}
