// The shell blocks of a firewall script that decide which commands run, found without running
// anything: function definitions (`ip46tables() { $IPTABLES "$@"; $IP6TABLES "$@"; }`, read
// at each call) and the init-script `case "$1" in start) … ;; stop) … ;; esac` (only the branch
// that loads the rules is read).

export interface LogicalLine {
  line: number;
  text: string;
  /** the line as the user wrote it, when `text` is a part of it (a case branch after `start)`) */
  shown?: string;
}

export interface FunctionBlock {
  name: string;
  body: LogicalLine[];
  /** index of the block's last line */
  end: number;
}

const HEADER = /^\s*(?:function\s+([\w.:-]+)\s*(?:\(\s*\))?|([\w.:-]+)\s*\(\s*\))\s*(\{)?\s*(.*)$/;

/** `name() {`, `function name {`, `name() { a; b; }`: the function and its body lines. */
export function readFunctionBlock(lines: readonly LogicalLine[], start: number): FunctionBlock | undefined {
  const m = HEADER.exec(lines[start]!.text);
  if (!m) return undefined;
  const name = (m[1] ?? m[2])!;
  let rest = m[4] ?? '';
  let i = start;
  if (!m[3]) {
    // the brace may open on the next line
    if (rest !== '' || !/^\s*\{\s*(.*)$/.test(lines[start + 1]?.text ?? '')) return undefined;
    i = start + 1;
    rest = /^\s*\{\s*(.*)$/.exec(lines[i]!.text)![1]!;
  }
  const body: LogicalLine[] = [];
  let depth = 1;
  const take = (line: LogicalLine, text: string): boolean => {
    if (/(^|\s)\{\s*$/.test(text)) depth++;
    const closes = /^\s*\}/.test(text) || /[;&\s]\}\s*;?\s*$/.test(text);
    if (closes && --depth === 0) {
      const inner = text.replace(/\}\s*;?\s*$/, '');
      if (inner.trim() !== '') body.push({ ...line, text: inner });
      return true;
    }
    body.push({ ...line, text });
    return false;
  };
  if (rest.trim() !== '' && take(lines[i]!, rest)) return { name, body, end: i };
  for (let j = i + 1; j < lines.length; j++) {
    if (take(lines[j]!, lines[j]!.text)) return { name, body, end: j };
  }
  return undefined;
}

/** Whether the text calls `name` anywhere but in its definition (as a command, or as a variable's value). */
export function isCalled(lines: readonly LogicalLine[], name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const call = new RegExp(`(^|[\\s;&|({\`"'=])${escaped}($|[\\s;&|\`"'])`);
  return lines.some((l) => !HEADER.test(l.text) && !/^\s*#/.test(l.text) && call.test(l.text));
}

export interface CaseBlock {
  subject: string;
  branches: { patterns: string[]; lines: LogicalLine[] }[];
  end: number;
}

const CASE_START = /^\s*case\s+(.+?)\s+in\s*$/;
const PATTERN = /^(\s*\(?\s*)([\w*?.\-"'|\s[\]]+?)\s*\)(.*)$/;

/** `case WORD in` … `esac` with its branches, when the case line stands alone. */
export function readCaseBlock(lines: readonly LogicalLine[], start: number): CaseBlock | undefined {
  const head = CASE_START.exec(lines[start]!.text);
  if (!head) return undefined;
  const out: CaseBlock = { subject: head[1]!, branches: [], end: start };
  let nested = 0;
  let expecting = true;
  for (let j = start + 1; j < lines.length; j++) {
    const line = lines[j]!;
    if (CASE_START.test(line.text)) nested++;
    if (/^\s*esac\b/.test(line.text)) {
      if (nested === 0) { out.end = j; return out; }
      nested--;
    }
    const pattern = nested === 0 && expecting ? PATTERN.exec(line.text) : null;
    if (pattern) {
      const patterns = pattern[2]!.split('|').map((p) => p.trim().replace(/^["']|["']$/g, ''));
      const rest = pattern[3]!;
      // the branch's first commands may follow the pattern: keep their columns
      const lead = line.text.length - rest.length;
      out.branches.push({ patterns, lines: rest.trim() === '' ? [] : [{ line: line.line, text: `${' '.repeat(lead)}${rest}`, shown: line.shown ?? line.text }] });
      expecting = /;;&?\s*$|;&\s*$/.test(rest);
      continue;
    }
    out.branches.at(-1)?.lines.push(line);
    if (nested === 0 && /;;&?\s*$|;&\s*$/.test(line.text)) expecting = true;
  }
  return undefined;
}

/** The branches an init script runs to load its rules, best first (LSB init actions). */
const LOADING_ACTIONS = ['start', 'restart', 'reload', 'force-reload'];

/** The branch that loads the rules, when the case is an init script's action switch. */
export function loadingBranch(block: CaseBlock): CaseBlock['branches'][number] | undefined {
  for (const action of LOADING_ACTIONS) {
    const found = block.branches.find((b) => b.patterns.includes(action));
    if (found) return found;
  }
  return undefined;
}
