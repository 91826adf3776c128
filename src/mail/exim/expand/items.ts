// Expansion items `${name{…}…}` (spec "Expansion items"): extract, sg, length, substr, hash, tr,
// listextract, map, filter, reduce. Items that run code or reach outside the server's files —
// perl, run, readsocket, dlfunc, acl, env, readfile, certextract, prvs… — are never executed
// (mailleak is read-only): they are unknown.
import { evaluateCondition } from './conditions.js';
import type { Evaluator, Scope } from './types.js';
import { readExtract } from './extract.js';
import { readListSeparator } from '../list-split.js';
import { listItems } from './lists.js';
import { readPlainInteger } from './numbers.js';
import { computeHash, extractSubstr } from './operators.js';
import { captureScope, compileRegex } from './regex.js';
import type { Part, Seq } from './syntax.js';
import { failedOf, textOf, unknownOf, type ExpandContext, type Expanded } from './types.js';

type ItemPart = Extract<Part, { t: 'item' }>;

export function evaluateItem(item: ItemPart, ctx: ExpandContext, ev: Evaluator, scope: Scope): Expanded {
  switch (item.name) {
    case 'perl':
      return knownStackFunction(item, ctx, ev, scope);
    case 'env':
      return readEnvironment(item, ctx, ev, scope);
    case 'extract':
      return readExtract(item, ctx, ev, scope);
    case 'map':
    case 'reduce':
    case 'filter':
      return evaluateListItem(item, ctx, ev, scope);
  }
  const args: string[] = [];
  for (const a of item.args) {
    const v = ev.seq(a, ctx, scope);
    if (v.kind !== 'text') return v;
    args.push(v.text);
  }
  switch (item.name) {
    case 'sg':
      return args.length === 3 ? substitute(args[0]!, args[1]!, args[2]!, ctx, ev, scope) : failedOf('sg needs 3 arguments');
    case 'length':
    case 'substr':
    case 'hash':
      return numbered(item.name, args);
    case 'tr':
      return args.length === 3 ? textOf(translate(args[0]!, args[1]!, args[2]!)) : failedOf('tr needs 3 arguments');
    case 'listextract': {
      const n = readPlainInteger(args[0] ?? '');
      if (n === undefined || args.length < 2) return failedOf('listextract needs a number and a list');
      const items = listItems(args[1]!);
      const picked = n > 0 ? items[n - 1] : n < 0 ? items[items.length + n] : undefined;
      if (picked === undefined) return item.failAfter ? failedOf('', true) : ev.branch(item.args[3], ctx, scope);
      return item.args[2] ? ev.seq(item.args[2], ctx, new Map(scope).set('value', picked)) : textOf(picked);
    }
  }
  return unknownOf(`\${${item.name}${item.options ? `,${item.options}` : ''}{…}} is never executed by mailleak`);
}

/**
 * `${perl{name}…}` is never run; a function the recognised stack documents (stack-table.ts) is
 * taken by its normal result, which the context records as an assumption. Its arguments do not
 * change that result, so they are not needed.
 */
function knownStackFunction(item: ItemPart, ctx: ExpandContext, ev: Evaluator, scope: Scope): Expanded {
  const name = item.args[0] ? ev.seq(item.args[0], ctx, scope) : undefined;
  const result = name?.kind === 'text' ? ctx.stackFunction?.(name.text) : undefined;
  return result !== undefined ? textOf(result) : unknownOf('${perl{…}} is never executed by mailleak');
}

/**
 * `${env{name}{found}{not found}}` (spec "Expansion items"): the server's environment is not at
 * hand; a variable a recognised container image sets (stack-table.ts) is taken as it sets it.
 */
function readEnvironment(item: ItemPart, ctx: ExpandContext, ev: Evaluator, scope: Scope): Expanded {
  const name = item.args[0] ? ev.seq(item.args[0], ctx, scope) : undefined;
  if (name?.kind !== 'text') return name ?? failedOf('env needs a variable name');
  const value = ctx.env?.(name.text);
  if (value === undefined) return unknownOf(`\${env{${name.text}}}: the server's environment is not known`);
  const found = item.args[1];
  return found ? ev.seq(found, ctx, new Map(scope).set('value', value)) : textOf(value);
}

function numbered(name: string, args: string[]): Expanded {
  const nums = args.slice(0, -1).map((a) => readPlainInteger(a));
  const subject = args[args.length - 1] ?? '';
  if (nums.some((n) => n === undefined) || nums.length === 0) return failedOf(`"${args[0]}" is not a number (in "${name}" expansion)`);
  const [a, b] = nums as number[];
  if (name === 'length') return textOf(extractSubstr(subject, 0, a!));
  if (name === 'substr') return textOf(extractSubstr(subject, a!, b ?? -1));
  return computeHash(subject, a!, b ?? -1);
}

/** ${sg}: every match replaced; the replacement is expanded again with $0…$9 set for each match. */
function substitute(subject: string, pattern: string, replacement: string, ctx: ExpandContext, ev: Evaluator, scope: Scope): Expanded {
  const re = compileRegex(pattern);
  if (!re.ok) return unknownOf(re.reason);
  const global = new RegExp(re.re.source, `${re.re.flags}g`);
  let out = '';
  let last = 0;
  for (let m = global.exec(subject); m; m = global.exec(subject)) {
    out += subject.slice(last, m.index);
    const insert = evaluateSeqText(replacement, ctx, ev, captureScope(m, scope));
    if (insert.kind !== 'text') return insert;
    out += insert.text;
    last = m.index + m[0].length;
    if (m[0] === '') {
      if (global.lastIndex >= subject.length) break;
      out += subject[global.lastIndex];
      global.lastIndex++;
      last = global.lastIndex;
    }
  }
  return textOf(out + subject.slice(last));
}

function evaluateSeqText(text: string, ctx: ExpandContext, ev: Evaluator, scope: Scope): Expanded {
  // only $n and ${n} are substituted in the replacement (it was already expanded once)
  return textOf(text.replace(/\$(\d)|\$\{(\d)\}/g, (_m, a?: string, b?: string) => scope.get(a ?? b ?? '') ?? ''));
}

/** ${tr}: each character of the subject found in `from` becomes the one at the same place in `to`. */
function translate(subject: string, from: string, to: string): string {
  if (to === '') return subject;
  return [...subject].map((ch) => {
    const k = from.lastIndexOf(ch);
    return k < 0 ? ch : to[Math.min(k, to.length - 1)]!;
  }).join('');
}

function evaluateListItem(item: ItemPart, ctx: ExpandContext, ev: Evaluator, scope: Scope): Expanded {
  const list = ev.seq(item.args[0]!, ctx, scope);
  if (list.kind !== 'text') return list;
  const items = listItems(list.text);
  const sep = readListSeparator(list.text).separator;
  const join = (parts: string[]) => parts.map((p) => p.split(sep).join(sep + sep)).join(sep);
  const out: string[] = [];
  if (item.name === 'filter') {
    for (const it of items) {
      const c = evaluateCondition(item.cond!, ctx, ev, new Map(scope).set('item', it));
      if (c.kind !== 'bool') return c;
      if (c.value) out.push(it);
    }
    return textOf(join(out));
  }
  if (item.name === 'map') {
    for (const it of items) {
      const v = ev.seq(item.args[1] ?? [], ctx, new Map(scope).set('item', it));
      if (v.kind !== 'text') return v;
      out.push(v.text);
    }
    return textOf(join(out));
  }
  const init = ev.seq(item.args[1] ?? [], ctx, scope);
  if (init.kind !== 'text') return init;
  let value = init.text;
  for (const it of items) {
    const v = ev.seq((item.args[2] ?? []) as Seq, ctx, new Map(scope).set('item', it).set('value', value));
    if (v.kind !== 'text') return v;
    value = v.text;
  }
  return textOf(value);
}

