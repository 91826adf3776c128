// Tokens of nft(8) ruleset text: words, quoted strings, braces, commas, semicolons and line
// ends, each with its line and column. `#` starts a comment outside quotes; a backslash at the
// end of a line continues it. `define NAME = VALUE` lines are read here and `$NAME` replaced
// by VALUE's tokens wherever it is used later (nft(8) VARIABLES).
export interface Token {
  /** '{', '}', ',', ';', '\n' or a word; a quoted string without its quotes */
  text: string;
  quoted: boolean;
  line: number;
  column: number;
}

export const NL = '\n';

const PUNCT = new Set(['{', '}', ',', ';']);

/**
 * Does this character end a word (`[\s{},;"#]`)? By its code for ASCII: a 100,000-element set is
 * a few million characters, and a regular expression per character was most of its tokenizing.
 */
function endsWord(line: string, j: number): boolean {
  const c = line.charCodeAt(j);
  if (c >= 128) return /[\s{},;"#]/.test(line[j]!);
  // \t \n \v \f \r, space, `"`, `#`, `,`, `;`, `{`, `}`
  return (c >= 9 && c <= 13) || c === 32 || c === 34 || c === 35 || c === 44 || c === 59 || c === 123 || c === 125;
}

/** Splits one line into tokens (without the line end). */
function lineTokens(line: string, lineNo: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#') {
      break;
    } else if (c === '"') {
      const end = line.indexOf('"', i + 1);
      const stop = end < 0 ? line.length : end;
      out.push({ text: line.slice(i + 1, stop), quoted: true, line: lineNo, column: i + 1 });
      i = stop + 1;
    } else if (PUNCT.has(c)) {
      out.push({ text: c, quoted: false, line: lineNo, column: i + 1 });
      i++;
    } else {
      let j = i;
      while (j < line.length && !endsWord(line, j)) j++;
      out.push({ text: line.slice(i, j), quoted: false, line: lineNo, column: i + 1 });
      i = j;
    }
  }
  return out;
}

export interface Tokenized {
  tokens: Token[];
  /** `$NAME` used but never defined */
  undefinedVariables: Token[];
}

/** The whole text as tokens, with `define`s applied; line ends kept as NL tokens. */
export function tokenize(text: string): Tokenized {
  const defines = new Map<string, Token[]>();
  const tokens: Token[] = [];
  const undefinedVariables: Token[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const raw = lineTokens(lines[n]!, lineNo);
    const expanded: Token[] = [];
    for (const t of raw) {
      const name = !t.quoted && t.text.startsWith('$') ? t.text.slice(1) : undefined;
      if (name === undefined) expanded.push(t);
      else if (defines.has(name)) expanded.push(...defines.get(name)!.map((d) => ({ ...d, line: t.line, column: t.column })));
      else {
        undefinedVariables.push(t);
        expanded.push(t);
      }
    }
    if (expanded[0]?.text === 'define' && !expanded[0].quoted && expanded[2]?.text === '=') {
      defines.set(expanded[1]!.text, expanded.slice(3));
      continue;
    }
    // a trailing backslash joins the next line
    const continued = lines[n]!.trimEnd().endsWith('\\');
    if (continued && expanded[expanded.length - 1]?.text === '\\') expanded.pop();
    tokens.push(...expanded);
    if (!continued) tokens.push({ text: NL, quoted: false, line: lineNo, column: lines[n]!.length + 1 });
  }
  return { tokens, undefinedVariables };
}
