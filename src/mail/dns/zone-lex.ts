// Splits master-file text (RFC 1035 §5.1) into logical entries: `;` starts a comment outside
// quotes, parentheses join lines (an SOA usually spans several), a line that starts with
// white space has no owner (the previous owner applies). Comment lines are handed back
// separately because dig's `;;` lines carry the answer status (see dig-comments.ts).

export interface ZoneEntry {
  /** 1-based line where the entry starts */
  line: number;
  /** that line, verbatim */
  text: string;
  /** true when the entry starts with white space: the owner is the previous entry's */
  ownerOmitted: boolean;
  tokens: string[];
  /** set when the entry could not be split cleanly (unclosed quote or parenthesis) */
  problem?: 'unclosed-quote' | 'unopened-parenthesis' | 'unclosed-parenthesis';
}

export interface LexedZone {
  entries: ZoneEntry[];
  /** lines whose first non-blank character is `;`, outside any parenthesised entry */
  comments: { line: number; text: string }[];
}

interface LineScan {
  tokens: string[];
  depthChange: number;
  unclosedQuote: boolean;
}

/** Tokenises one physical line: quoted strings stay one token (without the quotes). */
function scanLine(line: string): LineScan {
  const tokens: string[] = [];
  let depthChange = 0;
  let current = '';
  let inQuote = false;
  let hasToken = false;
  const flush = () => {
    if (hasToken) tokens.push(current);
    current = '';
    hasToken = false;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (inQuote) {
      if (ch === '\\' && i + 1 < line.length) current += line[++i];
      else if (ch === '"') inQuote = false;
      else current += ch;
      continue;
    }
    if (ch === ';') break;
    if (ch === '"') {
      inQuote = true;
      hasToken = true;
    } else if (ch === '(' || ch === ')') {
      flush();
      depthChange += ch === '(' ? 1 : -1;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      flush();
    } else {
      current += ch;
      hasToken = true;
    }
  }
  flush();
  return { tokens, depthChange, unclosedQuote: inQuote };
}

export function lexZoneText(text: string): LexedZone {
  const entries: ZoneEntry[] = [];
  const comments: LexedZone['comments'] = [];
  const lines = text.split('\n');
  let open: ZoneEntry | undefined;
  let depth = 0;
  lines.forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    const lineNo = index + 1;
    if (!open && /^\s*;/.test(line)) {
      comments.push({ line: lineNo, text: line });
      return;
    }
    const scan = scanLine(line);
    if (open) {
      for (const t of scan.tokens) open.tokens.push(t);
    } else if (scan.tokens.length > 0 || scan.depthChange > 0) {
      open = { line: lineNo, text: line, ownerOmitted: /^[ \t]/.test(line), tokens: scan.tokens };
    } else {
      return;
    }
    if (scan.unclosedQuote) open.problem = 'unclosed-quote';
    depth += scan.depthChange;
    if (depth < 0) {
      open.problem = 'unopened-parenthesis';
      depth = 0;
    }
    if (depth === 0) {
      entries.push(open);
      open = undefined;
    }
  });
  if (open) {
    open.problem = 'unclosed-parenthesis';
    entries.push(open);
  }
  return { entries, comments };
}
