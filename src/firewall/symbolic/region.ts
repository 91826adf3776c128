// A set of destination cells (address atom × port atom) as a bit mask over the atoms it spans,
// and the flows that carry such sets through the tables: cells that share how the packet has
// been changed so far (untracked, rewritten, a fork of an undecided rule).

import type { ConntrackStage } from '../hooks.js';

/** How the packets of a flow differ from the SYN as sent. */
export interface FlowAttrs {
  /** a copy taking the matching side of a rule that was undecided (the simulator's fork) */
  fork: boolean;
  /** raw NOTRACK / CT --notrack matched */
  untracked: boolean;
  /** index into the evaluation's rewrites (nat OUTPUT DNAT/REDIRECT), -1 for none */
  rewrite: number;
  /** in POSTROUTING: the out-interface is the re-routed one */
  post: boolean;
  /** the current base chain runs before conntrack (hooks.ts conntrackStage) */
  conntrack: ConntrackStage;
}

export function attrsKey(a: FlowAttrs): string {
  return `${a.fork ? 'f' : 'p'}${a.untracked ? 'u' : 't'}${a.post ? 'P' : 'O'}${a.conntrack === 'after' ? '' : a.conntrack}${a.rewrite}`;
}

export class Region {
  lo: number;
  hi: number;
  readonly ports: number;
  bits: Uint8Array;
  count = 0;

  constructor(lo: number, hi: number, ports: number) {
    this.lo = lo;
    this.hi = hi;
    this.ports = ports;
    this.bits = new Uint8Array(Math.max(0, hi - lo + 1) * ports);
  }

  static full(atoms: number, ports: number): Region {
    const r = new Region(0, atoms - 1, ports);
    r.bits.fill(1);
    r.count = atoms * ports;
    return r;
  }

  has(a: number, p: number): boolean {
    return a >= this.lo && a <= this.hi && this.bits[(a - this.lo) * this.ports + p] === 1;
  }

  add(a: number, p: number): void {
    if (this.bits.length === 0) {
      this.lo = a;
      this.hi = a;
      this.bits = new Uint8Array(this.ports);
    } else if (a < this.lo || a > this.hi) this.grow(Math.min(a, this.lo), Math.max(a, this.hi));
    const i = (a - this.lo) * this.ports + p;
    if (this.bits[i] === 0) {
      this.bits[i] = 1;
      this.count++;
    }
  }

  delete(a: number, p: number): void {
    const i = (a - this.lo) * this.ports + p;
    if (this.bits[i] === 1) {
      this.bits[i] = 0;
      this.count--;
    }
  }

  addAll(other: Region): void {
    if (other.count === 0) return;
    if (this.count === 0 && this.bits.length === 0) {
      this.lo = other.lo;
      this.hi = other.hi;
      this.bits = new Uint8Array(other.bits.length);
    } else if (other.lo < this.lo || other.hi > this.hi) this.grow(Math.min(other.lo, this.lo), Math.max(other.hi, this.hi));
    const offset = (other.lo - this.lo) * this.ports;
    const ob = other.bits;
    for (let i = 0; i < ob.length; i++) {
      if (ob[i] === 1 && this.bits[offset + i] === 0) {
        this.bits[offset + i] = 1;
        this.count++;
      }
    }
  }

  /** Calls `visit` for every cell, in address then port order. */
  forEach(visit: (a: number, p: number) => void): void {
    const P = this.ports;
    for (let i = 0; i < this.bits.length; i++) if (this.bits[i] === 1) visit(this.lo + Math.floor(i / P), i % P);
  }

  /** Any one cell (the representative for messages), or undefined when empty. */
  first(): [number, number] | undefined {
    const i = this.bits.indexOf(1);
    return i < 0 ? undefined : [this.lo + Math.floor(i / this.ports), i % this.ports];
  }

  private grow(lo: number, hi: number): void {
    const bits = new Uint8Array((hi - lo + 1) * this.ports);
    bits.set(this.bits, (this.lo - lo) * this.ports);
    this.bits = bits;
    this.lo = lo;
    this.hi = hi;
  }
}

export interface Flow {
  attrs: FlowAttrs;
  region: Region;
}

/** Flows keyed by their attributes: cells that arrive at one place with equal attributes merge. */
export class FlowSet {
  readonly flows = new Map<string, Flow>();

  constructor(private readonly ports: number) {}

  add(flow: Flow): void {
    if (flow.region.count === 0) return;
    const key = attrsKey(flow.attrs);
    const known = this.flows.get(key);
    if (known) known.region.addAll(flow.region);
    else this.flows.set(key, { attrs: flow.attrs, region: flow.region });
  }

  addAll(other: FlowSet): void {
    for (const f of other.flows.values()) this.add(f);
  }

  empty(): Region {
    return new Region(0, -1, this.ports);
  }
}
