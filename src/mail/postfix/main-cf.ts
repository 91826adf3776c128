// main.cf, and what `postconf -n` / `postconf` print (the same `name = value` lines), read as
// postconf(5) describes: a logical line starts with non-whitespace text, a line that starts with
// whitespace continues it, empty lines and lines whose first non-whitespace character is `#` are
// ignored (a `#` later in a value is part of the value). A later setting wins. Never throws.
import { diagnostic, type Diagnostic, type SourceLoc } from '../../diagnostics.js';
import { readLogicalLines, type LogicalLine } from './logical-lines.js';

export interface PostfixParam {
  name: string;
  /** the value as written, continuation lines joined by one space, `$name` not expanded */
  value: string;
  loc: SourceLoc;
}

export interface MainCf {
  origin: string;
  params: Map<string, PostfixParam>;
  diagnostics: Diagnostic[];
}

const NAME = /^[A-Za-z0-9_.-]+$/;
/** messages postconf prints around its output ("postconf: warning: … unused parameter") */
const TOOL_MESSAGE = /^postconf: /;

/** `firstLine`: the origin's line where this text starts (a section of a paste). */
export function readMainCf(text: string, origin: string, firstLine = 1): MainCf {
  const out: MainCf = { origin, params: new Map(), diagnostics: [] };
  const { lines, orphans } = readLogicalLines(text, firstLine);
  for (const o of orphans) out.diagnostics.push(diagnostic('postfix-line-syntax', { file: 'main.cf', problem: 'continuation-first' }, { origin, line: o.line, text: o.text }));
  // a warning postconf printed among its output is not a setting
  for (const l of lines) if (!TOOL_MESSAGE.test(l.text)) readSetting(l, out);
  return out;
}

function readSetting(logical: LogicalLine, out: MainCf): void {
  const joined = logical.joined;
  const loc: SourceLoc = { origin: out.origin, line: logical.line, text: logical.text };
  const eq = joined.indexOf('=');
  if (eq < 0) {
    out.diagnostics.push(diagnostic('postfix-line-syntax', { file: 'main.cf', problem: 'no-equals' }, loc));
    return;
  }
  const name = joined.slice(0, eq).trim();
  if (!NAME.test(name)) {
    out.diagnostics.push(diagnostic('postfix-line-syntax', { file: 'main.cf', problem: 'bad-name' }, loc));
    return;
  }
  const earlier = out.params.get(name);
  if (earlier) out.diagnostics.push(diagnostic('postfix-param-repeated', { name, firstLine: earlier.loc.line }, loc));
  out.params.set(name, { name, value: joined.slice(eq + 1).trim(), loc });
}

/** Several main.cf-like inputs (main.cf, then postconf output) as one: later inputs win. */
export function mergeMainCf(inputs: MainCf[]): MainCf {
  const params = new Map<string, PostfixParam>();
  for (const input of inputs) for (const [name, p] of input.params) params.set(name, p);
  return { origin: inputs.map((i) => i.origin).join(', '), params, diagnostics: inputs.flatMap((i) => i.diagnostics) };
}
