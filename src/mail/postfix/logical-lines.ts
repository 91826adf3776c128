// The one line rule of Postfix's files (postconf(5) for main.cf, master(5), postmap(1) for table
// sources): empty lines and lines whose first non-blank is `#` are ignored, and a line that
// starts with whitespace continues the logical line before it.

export interface LogicalLine {
  /** the origin's line number of its first physical line */
  line: number;
  /** its first physical line, verbatim (for evidence) */
  text: string;
  /** the physical lines trimmed and joined by one space */
  joined: string;
}

export interface LogicalLines {
  lines: LogicalLine[];
  /** continuation lines with nothing to continue (the file starts indented) */
  orphans: { line: number; text: string }[];
}

/**
 * `firstLine`: the origin's line where this text starts (a section of a paste). `orphans`:
 * 'start' reads an indented line with nothing before it as the start of a logical line (as
 * postmap(1) and master(8) do), 'report' lists it in `orphans` (main.cf, where postconf warns).
 */
export function readLogicalLines(text: string, firstLine = 1, orphans: 'start' | 'report' = 'report'): LogicalLines {
  const out: LogicalLines = { lines: [], orphans: [] };
  let open: { line: number; text: string; parts: string[] } | undefined;
  const close = (): void => {
    if (open) out.lines.push({ line: open.line, text: open.text, joined: open.parts.join(' ') });
    open = undefined;
  };
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || /^\s*#/.test(line)) return;
    if (/^\s/.test(line) && (open || orphans === 'report')) {
      if (open) open.parts.push(line.trim());
      else out.orphans.push({ line: index + firstLine, text: line });
      return;
    }
    close();
    open = { line: index + firstLine, text: line, parts: [line.trim()] };
  });
  close();
  return out;
}
