// The two header lines of each chain in `iptables -L`: `Chain NAME (policy P …)` /
// `Chain NAME (N references)` and the column header (`num pkts bytes target prot opt in out
// source destination`), plus the counter tokens both use (xtables_print_num, listing §2.2–2.4.2).
import type { Counters } from '../model.js';

export type ChainHeader =
  | { kind: 'builtin'; name: string; policy: string; counters?: Counters }
  | { kind: 'user'; name: string; references?: number }
  /** `Chain X (` cut off, or a form we do not know: the name is still usable */
  | { kind: 'partial'; name: string; text: string };

/** Reads a `Chain …` line; undefined when the line is not one. */
export function parseChainHeader(line: string): ChainHeader | undefined {
  const head = /^\s*Chain\s+(\S+)(.*)$/.exec(line);
  if (!head || head[1] === undefined) return undefined;
  const name = head[1];
  const tail = (head[2] ?? '').trim();
  const policy = /^\(policy\s+(\S+?)\)?(?:\s+(\S+)\s+packets,\s+(\S+)\s+bytes\))?$/.exec(tail);
  if (policy && policy[1] !== undefined) {
    const counters = policy[2] !== undefined && policy[3] !== undefined
      ? parseCounterPair(policy[2], policy[3], `${policy[2]} packets, ${policy[3]} bytes`)
      : undefined;
    return counters ? { kind: 'builtin', name, policy: policy[1], counters } : { kind: 'builtin', name, policy: policy[1] };
  }
  const refs = /^\((\d+)\s+references?\)$/.exec(tail);
  if (refs && refs[1] !== undefined) return { kind: 'user', name, references: Number(refs[1]) };
  // legacy prints this when the reference count cannot be read; the chain is still a user chain
  if (/^\(ERROR obtaining refs\)$/.test(tail)) return { kind: 'user', name };
  if (tail === '' && !/^[A-Za-z_][\w.-]*$/.test(name)) return undefined;
  return { kind: 'partial', name, text: tail };
}

/** Which optional columns a block has, and where the header printed each word. */
export interface ColumnLayout {
  num: boolean;
  counters: boolean;
  interfaces: boolean;
  /** character offset of each header word in its line (`source`, `destination`, …) */
  offsets: Partial<Record<HeaderWord, number>>;
  /** false when the header line was cut off before `destination` */
  complete: boolean;
}

const HEADER_WORDS = ['num', 'pkts', 'bytes', 'target', 'prot', 'opt', 'in', 'out', 'source', 'destination'] as const;
export type HeaderWord = (typeof HEADER_WORDS)[number];

/** Reads a column header line by its words, not its spacing (widths differ with -x). */
export function parseColumnHeader(line: string): ColumnLayout | undefined {
  // every rule line comes here first: reject the ones without the word cheaply
  if (!line.includes('target')) return undefined;
  const words = [...line.matchAll(/\S+/g)];
  if (words.length === 0 || !words.some((w) => w[0] === 'target')) return undefined;
  const offsets: Partial<Record<HeaderWord, number>> = {};
  for (const w of words) {
    if (!(HEADER_WORDS as readonly string[]).includes(w[0])) return undefined;
    offsets[w[0] as HeaderWord] = w.index;
  }
  return {
    num: offsets.num !== undefined,
    counters: offsets.pkts !== undefined,
    interfaces: offsets.in !== undefined || (offsets.pkts !== undefined && offsets.destination === undefined),
    offsets,
    complete: offsets.destination !== undefined,
  };
}

const SUFFIX: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** True for a counter token as xtables_print_num writes it: `99999`, `1235K`, `12T`. */
export function isCounterToken(token: string): boolean {
  return /^\d+[KMGT]?$/.test(token);
}

/** Two counter tokens → Counters; an abbreviated token (K/M/G/T) makes the value approximate. */
export function parseCounterPair(packets: string, bytes: string, text = `${packets} ${bytes}`): Counters | undefined {
  const p = /^(\d+)([KMGT]?)$/.exec(packets);
  const b = /^(\d+)([KMGT]?)$/.exec(bytes);
  if (!p || !b) return undefined;
  const value = (m: RegExpExecArray): number => Number(m[1]) * (SUFFIX[m[2] ?? ''] ?? 1);
  return { packets: value(p), bytes: value(b), approx: p[2] !== '' || b[2] !== '', text };
}
