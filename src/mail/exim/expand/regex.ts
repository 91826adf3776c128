// PCRE patterns (Exim's regular expressions) as JavaScript RegExps. The common subset is the same;
// constructs whose meaning differs or that JavaScript lacks make the answer unknown rather than
// wrong (spec "Regular expressions": Exim uses PCRE2).

export type CompiledRegex = { ok: true; re: RegExp } | { ok: false; reason: string };

const UNSUPPORTED = /\(\?[>|#P<R0-9+&(]|\(\?<[=!]|\\[QEGKRXhHvVpPCbB]|\[\[:|[*+?}]\+|\(\*/;

export function compileRegex(pattern: string, caseless = false): CompiledRegex {
  let p = pattern;
  let flags = caseless ? 'i' : '';
  const inline = /^\(\?([imsx]+)\)/.exec(p);
  if (inline) {
    if (inline[1]!.includes('x')) return { ok: false, reason: 'extended (?x) regular expressions are not evaluated' };
    for (const f of inline[1]!) if (!flags.includes(f)) flags += f;
    p = p.slice(inline[0].length);
  }
  if (UNSUPPORTED.test(p)) return { ok: false, reason: `the regular expression "${pattern}" uses PCRE features mailleak does not evaluate` };
  // PCRE's $ also matches before a final newline; \A \z \Z anchor the subject
  p = p.replace(/\\A/g, '^').replace(/\\z/g, '(?![\\s\\S])').replace(/\\Z/g, '(?=\\n?(?![\\s\\S]))');
  if (!flags.includes('m')) p = p.replace(/(^|[^\\])\$(?=\)|\||$)/g, '$1(?=\\n?(?![\\s\\S]))');
  try {
    return { ok: true, re: new RegExp(p, flags) };
  } catch {
    return { ok: false, reason: `the regular expression "${pattern}" could not be read` };
  }
}

/** Sets $0…$9 the way Exim does after a successful match. */
export function captureScope(match: RegExpExecArray, outer: ReadonlyMap<string, string>): Map<string, string> {
  const scope = new Map(outer);
  for (let n = 0; n <= 9; n++) scope.set(String(n), match[n] ?? '');
  return scope;
}
