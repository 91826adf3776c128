// Evaluates an expansion syntax tree (spec chapter "String expansions"). Only the safe part of the
// language is computed; `${perl}`, `${run}`, `${readsocket}`, `${dlfunc}`, `${acl}`, `${env}` and
// query lookups (SQL, LDAP, redis, dnsdb…) are never executed: they are unknown. When a
// condition is unknown both branches are evaluated and the result is known only if they agree.
import { evaluateCondition } from './conditions.js';
import { evaluateItem } from './items.js';
import { evaluateLookup } from './lookup.js';
import { applyOperator } from './operators.js';
import { parseExpansion } from './parse.js';
import type { Branch, Seq } from './syntax.js';
import { failedOf, textOf, unknownOf, type Evaluator, type ExpandContext, type Expanded, type Scope } from './types.js';

export type { Scope } from './types.js';


const EMPTY_SCOPE: Scope = new Map();

/** What the parts that hold strings call back (see Evaluator in types.ts). */
export const EVALUATOR: Evaluator = { seq: (seq, ctx, scope) => evaluateSeq(seq, ctx, scope), branch: (branch, ctx, scope) => evaluateBranch(branch, ctx, scope) };

export function expandString(s: string, ctx: ExpandContext): Expanded {
  const parsed = parseExpansion(s);
  if (!parsed.ok) return failedOf(parsed.message);
  return evaluateSeq(parsed.seq, ctx, EMPTY_SCOPE);
}

export function evaluateSeq(seq: Seq, ctx: ExpandContext, scope: Scope): Expanded {
  let out = '';
  let unknown: string | undefined;
  for (const part of seq) {
    const v = evaluatePart(part, ctx, scope);
    switch (v.kind) {
      case 'failed':
        // a failure after an unknown part may not happen (Exim may have failed earlier)
        return v;
      case 'unknown':
        unknown ??= v.reason;
        continue;
      case 'text':
        out += v.text;
    }
  }
  return unknown !== undefined ? unknownOf(unknown) : textOf(out);
}

function evaluatePart(part: Seq[number], ctx: ExpandContext, scope: Scope): Expanded {
  switch (part.t) {
    case 'text':
      return textOf(part.text);
    case 'var':
      return readVariable(part.name, ctx, scope);
    case 'op': {
      const arg = evaluateSeq(part.arg, ctx, scope);
      return arg.kind === 'text' ? applyOperator(part.name, arg.text, ctx, EVALUATOR) : arg;
    }
    case 'if': {
      const c = evaluateCondition(part.cond, ctx, EVALUATOR, scope);
      const yes = (sc: Scope) => (part.yes ? evaluateSeq(part.yes, ctx, sc) : textOf('true'));
      const no = (sc: Scope) => (part.yes ? evaluateBranch(part.no, ctx, sc) : textOf(''));
      switch (c.kind) {
        case 'bool':
          return c.value ? yes(c.scope ?? scope) : no(scope);
        case 'failed':
          return c;
        case 'unknown':
          return eitherOf(yes(scope), no(scope), c.reason);
      }
      break;
    }
    case 'lookup':
      return evaluateLookup(part, ctx, EVALUATOR, scope);
    case 'item':
      return evaluateItem(part, ctx, EVALUATOR, scope);
  }
}

export function evaluateBranch(branch: Branch | undefined, ctx: ExpandContext, scope: Scope): Expanded {
  if (branch === undefined) return textOf('');
  if (branch === 'fail') return failedOf('', true);
  return evaluateSeq(branch, ctx, scope);
}

/** One of two results happens: known only when both are the same text (or the same failure). */
export function eitherOf(a: Expanded, b: Expanded, reason: string): Expanded {
  if (a.kind === 'text' && b.kind === 'text' && a.text === b.text) return a;
  if (a.kind === 'failed' && b.kind === 'failed' && a.forced === b.forced) return a;
  return unknownOf(reason);
}

// Variables that stay unknown whatever the configuration: they depend on the message or session
function readVariable(name: string, ctx: ExpandContext, scope: Scope): Expanded {
  const scoped = scope.get(name);
  if (scoped !== undefined) return textOf(scoped);
  if (/^\d$/.test(name)) return textOf('');
  if (/^(?:h|header|rh|rheader|bh|bheader|lh|lheader)_/.test(name)) return unknownOf(`$${name}: a header of the message`);
  const v = ctx.variable(name);
  return v === undefined ? unknownOf(`$${name} is not known`) : textOf(v);
}
