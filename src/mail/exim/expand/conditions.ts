// Expansion conditions (spec "Expansion conditions"; expand.c eval_condition()): string and
// numeric comparisons, match, inlist, list matching, exists, isip, bool, def:, and/or (left to
// right, stopping at the first deciding subcondition), forall/forany over a list.
import { parseIp } from '../../../firewall/address.js';
import { splitList } from '../list-split.js';
import type { Evaluator, Scope } from './types.js';
import { readEximInteger } from './numbers.js';
import { captureScope, compileRegex } from './regex.js';
import type { Cond, Seq } from './syntax.js';
import { ANY_VALUE, boolOf, type CondValue, type ExpandContext, type FileState, type ListKind } from './types.js';

export function evaluateCondition(cond: Cond, ctx: ExpandContext, ev: Evaluator, scope: Scope): CondValue {
  switch (cond.t) {
    case 'not': {
      const v = evaluateCondition(cond.cond, ctx, ev, scope);
      return v.kind === 'bool' ? boolOf(!v.value) : v;
    }
    case 'and':
    case 'or':
      return combine(cond.t, cond.conds.map((c) => () => evaluateCondition(c, ctx, ev, scope)), cond.conds.map((c) => () => checkSkipped(c)));
    case 'forall':
    case 'forany': {
      const list = ev.seq(cond.list, ctx, scope);
      if (list.kind !== 'text') return list;
      const items = splitList(list.text);
      // an empty list makes both false in Exim 4.96 (verified with exim -be)
      if (items.length === 0) return boolOf(false);
      return combine(cond.t === 'forall' ? 'and' : 'or', items.map((item) => () => evaluateCondition(cond.cond, ctx, ev, new Map(scope).set('item', item))));
    }
    case 'def': {
      if (/^(?:h|header|rh|rheader|bh|bheader|lh|lheader)_/.test(cond.name)) return { kind: 'unknown', reason: `def:${cond.name}: a header of the message` };
      const v = scope.get(cond.name) ?? ctx.variable(cond.name);
      return v === undefined ? { kind: 'unknown', reason: `$${cond.name} is not known` } : boolOf(v !== '');
    }
    case 'test':
      return evaluateTest(cond.name, cond.args, ctx, ev, scope);
  }
}

/** and/or: a deciding value stops; an unknown before it leaves the answer open only if nothing later decides. */
function combine(op: 'and' | 'or', parts: (() => CondValue)[], skipped: (() => CondValue | undefined)[] = []): CondValue {
  const decides = op === 'or';
  let unknown: string | undefined;
  for (const [n, part] of parts.entries()) {
    const v = part();
    if (v.kind === 'bool') {
      if (v.value !== decides) continue;
      // the rest is read in skipping mode, where a literal bool{} is still checked
      for (const check of skipped.slice(n + 1)) {
        const problem = check();
        if (problem) return problem;
      }
      return v;
    }
    if (v.kind === 'failed') return unknown !== undefined ? { kind: 'unknown', reason: unknown } : v;
    unknown ??= v.reason;
  }
  return unknown !== undefined ? { kind: 'unknown', reason: unknown } : boolOf(!decides);
}

/** What Exim still rejects in a skipped subcondition: bool{} of a literal that is not a boolean. */
function checkSkipped(cond: Cond): CondValue | undefined {
  if (cond.t === 'not') return checkSkipped(cond.cond);
  if (cond.t !== 'test' || cond.name !== 'bool' || !cond.args[0]?.every((p) => p.t === 'text')) return undefined;
  const v = readBool(cond.args[0].map((p) => (p.t === 'text' ? p.text : '')).join(''), false);
  return v.kind === 'failed' ? v : undefined;
}

function evaluateTest(name: string, argSeqs: Seq[], ctx: ExpandContext, ev: Evaluator, scope: Scope): CondValue {
  if (name === 'exists' && argSeqs[0]) return evaluateExists(argSeqs[0], ctx, ev, scope);
  const args: string[] = [];
  for (const a of argSeqs) {
    const v = ev.seq(a, ctx, scope);
    if (v.kind !== 'text') return v;
    args.push(v.text);
  }
  const [a = '', b = ''] = args;
  switch (name) {
    case 'eq':
      return boolOf(a === b);
    case 'eqi':
      return boolOf(a.toLowerCase() === b.toLowerCase());
    case 'lt': case 'le': case 'gt': case 'ge':
      return boolOf(compareText(name, a, b));
    case 'lti': case 'lei': case 'gti': case 'gei':
      return boolOf(compareCaseless(name.slice(0, 2), a, b));
    case '==': case '=': case '<': case '<=': case '>': case '>=':
      return compareNumbers(name, a, b);
    case 'match': {
      const re = compileRegex(b);
      if (!re.ok) return { kind: 'unknown', reason: re.reason };
      const m = re.re.exec(a);
      return m ? { kind: 'bool', value: true, scope: captureScope(m, scope) } : boolOf(false);
    }
    case 'inlist':
    case 'inlisti': {
      const caseless = name === 'inlisti';
      return boolOf(splitList(b).some((item) => (caseless ? item.toLowerCase() === a.toLowerCase() : item === a)));
    }
    case 'match_domain': return matchList(ctx, b, 'domain', a);
    case 'match_local_part': return matchList(ctx, b, 'localpart', a);
    case 'match_address': return matchList(ctx, b, 'address', a);
    case 'match_ip': return matchList(ctx, b, 'host', a);
    case 'isip': return boolOf(parseIp(a) !== undefined && isStrictIp(a));
    case 'isip4': return boolOf(isStrictIp(a) && !a.includes(':'));
    case 'isip6': return boolOf(isStrictIp(a) && a.includes(':'));
    case 'bool': case 'bool_lax':
      return readBool(a, name === 'bool_lax');
  }
  return { kind: 'unknown', reason: `the condition "${name}" is not evaluated by mailleak` };
}

function evaluateExists(seq: Seq, ctx: ExpandContext, ev: Evaluator, scope: Scope): CondValue {
  const v = ev.seq(seq, ctx, scope);
  if (v.kind === 'failed') return v;
  if (v.kind === 'text') return existsOf(ctx.file(v.text));
  const wild = ctx.anyValue ? ev.seq(seq, ctx.anyValue, scope) : undefined;
  if (wild?.kind === 'text' && wild.text.includes(ANY_VALUE) && ctx.anyValue!.file(wild.text).kind === 'absent') return boolOf(false);
  return v;
}

function existsOf(f: FileState): CondValue {
  switch (f.kind) {
    case 'file': case 'dir': case 'partial': return boolOf(true);
    case 'absent': return boolOf(false);
    case 'unknown': return f;
  }
}

function isStrictIp(a: string): boolean {
  return parseIp(a) !== undefined && (/^\d{1,3}(\.\d{1,3}){3}$/.test(a) || /^[0-9a-fA-F:.]+$/.test(a));
}

function compareText(op: string, a: string, b: string): boolean {
  const c = a < b ? -1 : a > b ? 1 : 0;
  return op === 'lt' ? c < 0 : op === 'le' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0;
}

const failedOf = (message: string): CondValue => ({ kind: 'failed', forced: false, message });

/**
 * Exim's strcmpic() returns *t when s runs out first, so a proper prefix compares as *greater*
 * (lti{}{a} is false in Exim 4.96; verified with exim -be).
 */
function compareCaseless(op: string, a: string, b: string): boolean {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let c = 0;
  let i = 0;
  for (; i < s.length; i++) {
    c = s.charCodeAt(i) - (t.charCodeAt(i) || 0);
    if (c !== 0) break;
  }
  if (c === 0) c = i < t.length ? t.charCodeAt(i) : 0;
  return op === 'lt' ? c < 0 : op === 'le' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0;
}

function compareNumbers(op: string, a: string, b: string): CondValue {
  const x = readEximInteger(a);
  if (x.kind !== 'number') return failedOf(x.message);
  const y = readEximInteger(b);
  if (y.kind !== 'number') return failedOf(y.message);
  const [m, n] = [x.value, y.value];
  switch (op) {
    case '==': case '=': return boolOf(m === n);
    case '<': return boolOf(m < n);
    case '<=': return boolOf(m <= n);
    case '>': return boolOf(m > n);
    default: return boolOf(m >= n);
  }
}

/** bool: empty → false, an integer → non-zero, true/yes/false/no caseless; bool_lax: anything else is true. */
function readBool(text: string, lax: boolean): CondValue {
  const t = text.trim();
  // bool_lax follows router conditions: only "", "0", "no" and "false" are false
  if (lax) return boolOf(!['', '0', 'no', 'false'].includes(t.toLowerCase()));
  if (t === '') return boolOf(false);
  if (/^-?\d/.test(t)) {
    const n = readEximInteger(t);
    if (n.kind === 'number') return boolOf(n.value !== 0);
    return lax ? boolOf(true) : failedOf(n.message);
  }
  const l = t.toLowerCase();
  if (l === 'true' || l === 'yes') return boolOf(true);
  if (l === 'false' || l === 'no') return boolOf(false);
  if (lax) return boolOf(true);
  return failedOf(`unrecognised boolean value "${t}"`);
}

function matchList(ctx: ExpandContext, list: string, kind: ListKind, subject: string): CondValue {
  if (!ctx.matchList) return { kind: 'unknown', reason: 'list matching is not available here' };
  const r = ctx.matchList(list, kind, subject);
  return typeof r === 'string' ? boolOf(r === 'yes') : { kind: 'unknown', reason: r.unknown };
}
