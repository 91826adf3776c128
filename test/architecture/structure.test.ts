// The layering the code base keeps (docs/architecture.md): folders import one way only, only
// the CLI knows the CLI, the core (everything but the node-only adapters below) imports no
// `node:` module and no execa, so it bundles for a browser, and no source file grows past 300
// lines. Read from the source text, so a new cycle or a stray `node:` import fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

/**
 * Where node-only code may live: the CLI, the acquisition adapters (live commands, files,
 * live DNS, the demo's files) and fleet's worker orchestration. Paths relative to src/; a
 * folder ends with '/'.
 */
const NODE_ADAPTERS = [
  'cli/',
  'input/node/',
  'analyses/fleet/node/',
  'mail/dns/live-resolver.ts',
];

const MAX_LINES = 300;

interface SourceFile {
  /** relative to src/, with '/' */
  path: string;
  text: string;
}

function listSources(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (entry.name.endsWith('.ts')) out.push({ path: relative(SRC, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
  }
  return out;
}

/** Every module specifier a file imports or re-exports, statically or with import(). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(pattern)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/** A relative specifier → the imported file, relative to src/ ("firewall/model.ts"). */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return join(dirname(from), specifier).split('\\').join('/').replace(/\.js$/, '.ts');
}

/**
 * The folder a file belongs to in the folder graph: its folder, at most two levels under src/
 * (`analyses/explain`, `firewall/parse`, `cli/commands`). A deeper folder is a part of that one
 * (the findings of explain, Exim's router drivers, fleet's node side); files there are held to
 * the file-level check below.
 */
function folderOf(path: string): string {
  const dir = dirname(path);
  return dir === '.' ? '(src)' : dir.split('/').slice(0, 2).join('/');
}

/** One cycle of a directed graph (as the list of its nodes, first repeated last), or undefined. */
export function findCycle(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.get(node) !== undefined) continue;
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}

/** The groups of nodes that reach each other (strongly connected, more than one node): every cycle lies in one. */
export function findCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  // Tarjan's algorithm
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1) groups.push(group.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return groups.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

function addEdge(graph: Map<string, Set<string>>, from: string, to: string): void {
  if (!graph.has(from)) graph.set(from, new Set());
  if (!graph.has(to)) graph.set(to, new Set());
  if (from !== to) graph.get(from)!.add(to);
}

function isNodeAdapter(path: string): boolean {
  return NODE_ADAPTERS.some((a) => (a.endsWith('/') ? path.startsWith(a) : path === a));
}

const sources = listSources(SRC);
const edges = sources.flatMap((f) => importsOf(f.text).map((specifier) => ({ from: f.path, specifier, to: resolveLocal(f.path, specifier) })));

describe('structure of src/', () => {
  it('the cycle finder finds a made-up cycle and passes a made-up chain (so the checks below can fail)', () => {
    const graph = (pairs: [string, string][]): Map<string, Set<string>> => {
      const g = new Map<string, Set<string>>();
      for (const [a, b] of pairs) addEdge(g, a, b);
      return g;
    };
    expect(findCycle(graph([['input', 'parse'], ['parse', 'model'], ['model', 'input'], ['cli', 'input']]))).toEqual(['input', 'parse', 'model', 'input']);
    expect(findCycle(graph([['cli', 'report'], ['report', 'analyses'], ['analyses', 'model'], ['cli', 'model']]))).toBeUndefined();
    expect(findCycles(graph([['a', 'b'], ['b', 'a'], ['b', 'c'], ['c', 'd'], ['d', 'c'], ['e', 'a']]))).toEqual([['a', 'b'], ['c', 'd']]);
    expect(findCycles(graph([['cli', 'report'], ['report', 'analyses'], ['cli', 'analyses']]))).toEqual([]);
    expect(importsOf("import { a } from './a.js';\nimport type { B } from '../b.js';\nexport { c } from './c.js';\nconst w = await import('node:worker_threads');")).toEqual(['./a.js', '../b.js', './c.js', 'node:worker_threads']);
  });

  it('every relative import names a file that exists (the graph below is complete)', () => {
    const known = new Set(sources.map((f) => f.path));
    const dangling = edges.filter((e) => e.to !== undefined && !known.has(e.to)).map((e) => `${e.from} → ${e.specifier}`);
    expect(dangling).toEqual([]);
  });

  it('folders import one way: no cycle between folders', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) if (e.to !== undefined) addEdge(graph, folderOf(e.from), folderOf(e.to));
    expect(findCycles(graph)).toEqual([]);
    expect(findCycle(graph)).toBeUndefined();
  });

  it('files import one way: no cycle between files', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) if (e.to !== undefined) addEdge(graph, e.from, e.to);
    expect(findCycles(graph)).toEqual([]);
  });

  it('nothing outside src/cli imports src/cli', () => {
    const wrong = edges.filter((e) => e.to?.startsWith('cli/') && !e.from.startsWith('cli/')).map((e) => `${e.from} → ${e.specifier}`);
    expect(wrong).toEqual([]);
  });

  it('the core imports no node: module and no execa (only the node adapters do)', () => {
    const wrong = edges.filter((e) => (e.specifier.startsWith('node:') || e.specifier === 'execa') && !isNodeAdapter(e.from)).map((e) => `${e.from} → ${e.specifier}`);
    expect(wrong).toEqual([]);
  });

  it('the core imports no node adapter', () => {
    const wrong = edges.filter((e) => e.to !== undefined && isNodeAdapter(e.to) && !isNodeAdapter(e.from)).map((e) => `${e.from} → ${e.specifier}`);
    expect(wrong).toEqual([]);
  });

  it(`no source file is longer than ${MAX_LINES} lines`, () => {
    const long = sources.map((f) => ({ path: f.path, lines: f.text.split('\n').length - (f.text.endsWith('\n') ? 1 : 0) })).filter((f) => f.lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('test/ mirrors src/: every folder of unit tests is a folder of src/ (tiers and helpers aside)', () => {
    const stray = listFolders(join(ROOT, 'test')).filter((d) => !TEST_ONLY.has(d.split('/')[0]!) && !HELPER_FOLDER.test(d) && !folderExists(join(SRC, d)));
    expect(stray).toEqual([]);
  });
});

/**
 * Test folders that are not about one folder of src/: the truth tiers (kernel, e2e, Exim's -be),
 * the whole-program checks (golden transcripts, corpus, fuzz, this file) and shared helpers.
 */
const TEST_ONLY = new Set(['architecture', 'corpus', 'e2e', 'exim-expand', 'fuzz', 'golden', 'kernel', 'kernel-nft', 'postfix', 'support']);
/** Helpers of one test folder (fixtures builders, rigs) sit in its support/ or lib/. */
const HELPER_FOLDER = /(?:^|\/)(?:support|lib)(?:\/|$)/;

function listFolders(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    out.push(path, ...listFolders(join(dir, entry.name), path));
  }
  return out;
}

function folderExists(path: string): boolean {
  try {
    return readdirSync(path) !== undefined;
  } catch {
    return false;
  }
}
