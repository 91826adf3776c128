// The packet path drawn as a tree: one root per builtin chain the packet met, the rules of
// user chains nested under the rule that jumped to them. ✓ matched, ✗ did not, ? maybe; a
// long run of non-matching rules is one ✗ line (collapseTrace decides which runs).
import type { NoMatchRun, TraceEntry } from '../firewall/simulate/collapse.js';
import type { TraceStep } from '../firewall/simulate/types.js';
import type { Tri } from '../firewall/tri.js';
import type { Palette } from './color.js';

export interface Node {
  entry: TraceEntry;
  children: Node[];
}

export interface Root {
  title: string;
  children: Node[];
}

function mark(result: Tri, p: Palette): string {
  switch (result) {
    case 'match':
      return p.good('✓');
    case 'no-match':
      return p.dim('✗');
    case 'maybe':
      return p.uncertain('?');
  }
}

/** Where an entry sits: a step's own table, chain and depth, or the run's. */
function placeOf(entry: TraceEntry): Pick<TraceStep, 'table' | 'chain' | 'depth' | 'backend'> {
  switch (entry.kind) {
    case 'step':
      return entry.step;
    case 'no-match-run':
      return entry;
  }
}

/** Consecutive depth-0 entries of one table/chain form a root; deeper entries hang under the jump. */
export function buildTree(path: readonly TraceEntry[]): Root[] {
  const roots: Root[] = [];
  const stack: Node[] = [];
  for (const entry of path) {
    const step = placeOf(entry);
    // iptables-legacy's filter OUTPUT beside iptables-nft's is another base chain
    const rootTitle = `${step.table} ${step.depth === 0 ? `${step.chain}${step.backend === 'legacy' ? ' (iptables-legacy)' : ''}` : ''}`.trim();
    let root = roots[roots.length - 1];
    if (step.depth === 0 && (!root || root.title !== rootTitle)) {
      root = { title: rootTitle, children: [] };
      roots.push(root);
      stack.length = 0;
    }
    if (!root) {
      root = { title: `${step.table} ${step.chain}`, children: [] };
      roots.push(root);
    }
    const node: Node = { entry, children: [] };
    stack.length = Math.min(stack.length, step.depth);
    const parent = stack[step.depth - 1];
    if (step.depth > 0 && parent) parent.children.push(node);
    else root.children.push(node);
    stack[step.depth] = node;
  }
  return roots;
}

function collapse(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

function runLabel(run: NoMatchRun, p: Palette): string {
  const lines = run.firstLine !== undefined && run.lastLine !== undefined ? `, lines ${run.firstLine}–${run.lastLine}` : '';
  return `${mark('no-match', p)} rules ${run.from}–${run.to} of ${run.chain}: no match ${p.dim(`(${run.count} rules${lines})`)}`;
}

/** One entry's line without the tree's branches (the web page draws its own). */
export function labelTraceEntry(entry: TraceEntry, p: Palette): string {
  switch (entry.kind) {
    case 'step':
      return stepLabel(entry.step, p);
    case 'no-match-run':
      return runLabel(entry, p);
  }
}

function stepLabel(step: TraceStep, p: Palette): string {
  if (step.policy) return `${mark(step.result, p)} policy ${step.target ?? '?'}${step.line !== undefined ? p.dim(`  (line ${step.line})`) : ''}`;
  const where = step.line !== undefined ? p.dim(`line ${step.line}: `) : '';
  const text = step.text !== undefined ? `${where}${collapse(step.text)}` : `rule ${step.rule}${step.target ? ` → ${step.target}` : ''}`;
  const reason = step.reason ? `  ${p.uncertain(`(${step.reason})`)}` : '';
  return `${mark(step.result, p)} ${text}${reason}`;
}

function renderNodes(nodes: Node[], prefix: string, p: Palette, out: string[]): void {
  nodes.forEach((node, i) => {
    const last = i === nodes.length - 1;
    out.push(`${prefix}${last ? '└── ' : '├── '}${labelTraceEntry(node.entry, p)}`);
    renderNodes(node.children, `${prefix}${last ? '    ' : '│   '}`, p, out);
  });
}

/** `path` is collapseTrace's output: pass a TraceResult through it first. */
export function renderTree(path: readonly TraceEntry[], p: Palette): string[] {
  const out: string[] = [];
  for (const root of buildTree(path)) {
    out.push(p.strong(root.title));
    renderNodes(root.children, '', p, out);
  }
  return out;
}
