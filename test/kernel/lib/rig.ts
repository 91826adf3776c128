// The kernel rig: loads a ruleset into a namespace, captures the texts a user would paste
// (`iptables-save -c`, `iptables -L -n -v -x --line-numbers` for filter and nat), sends probe
// SYNs and reads back from the counters which rule decided each one.
import type { Family } from '../../../src/firewall/model.js';
import { decideFromCounters, readSaveCounters, type CounterSnapshot, type KernelAnswer } from './counters.js';
import { detectKernelEnv } from './env.js';
import { createNamespace, deleteNamespace, LOCAL_V4, LOCAL_V6, PROBE_IF } from './namespace.js';
import { Prober, type ProbeReply } from './prober.js';

/** What the kernel holds after a load, as the user would capture it. */
export interface CapturedRuleset {
  family: Family;
  /** the iptables-restore text we loaded (with the rig's raw guard) */
  loaded: string;
  /** `iptables-save -c` right after loading */
  save: string;
  /** `iptables -L -n -v -x --line-numbers` (filter) */
  listingFilter: string;
  /** `iptables -t nat -L -n -v -x --line-numbers` */
  listingNat: string;
}

/** One probe as the kernel saw it: who sends, from where, to where. */
export interface ProbeSpec {
  family: Family;
  dst: string;
  dport: number;
  uid: number;
  gid: number;
}

export interface KernelProbe extends ProbeSpec {
  src: string;
  sport: number;
  oif: string;
  answer: KernelAnswer;
  reply: ProbeReply;
}

/**
 * Added to every ruleset: PREROUTING drops whatever loops back (a REDIRECTed SYN, REJECT's
 * RST) so no RST comes back and a REDIRECT stays pending; OUTPUT drops the packets REJECT
 * generates (ICMP errors, TCP RSTs) before they reach nat and filter and move their counters.
 */
const RAW_GUARD = [
  '*raw',
  ':PREROUTING ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  '-A PREROUTING -j DROP',
  '-A OUTPUT ! -p tcp -j DROP',
  '-A OUTPUT -p tcp --tcp-flags RST RST -j DROP',
  'COMMIT',
];
const EMPTY_NAT = ['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]', 'COMMIT'];

function tool(family: Family, name: 'save' | 'restore' | 'list'): string {
  const base = family === 6 ? 'ip6tables' : 'iptables';
  return name === 'list' ? base : `${base}-${name}`;
}

export class KernelRig {
  readonly namespace: string;
  private readonly prober: Prober;
  private snapshot: CounterSnapshot = new Map();
  private family: Family = 4;
  private nextSport = 33000;

  constructor(tag: string) {
    const env = detectKernelEnv();
    if (!env.ok) throw new Error(`kernel rig unavailable: ${env.reason}`);
    this.namespace = createNamespace(tag, env.linkKind);
    this.prober = new Prober(this.namespace, env.python);
  }

  /** Loads filter (and nat, when given) tables in iptables-restore format; returns the captures. */
  async load(family: Family, restoreText: string): Promise<CapturedRuleset> {
    const hasNat = /^\*nat\s*$/m.test(restoreText);
    const loaded = [...RAW_GUARD, ...(hasNat ? [] : EMPTY_NAT), restoreText.trim(), ''].join('\n');
    try {
      await this.prober.run([tool(family, 'restore')], loaded);
    } catch (e) {
      throw new Error(`the kernel refused the ruleset: ${(e as Error).message}\n${loaded}`);
    }
    this.family = family;
    const save = await this.prober.run([tool(family, 'save'), '-c']);
    this.snapshot = readSaveCounters(save);
    return {
      family,
      loaded,
      save,
      listingFilter: await this.prober.run([tool(family, 'list'), '-L', '-n', '-v', '-x', '--line-numbers']),
      listingNat: await this.prober.run([tool(family, 'list'), '-t', 'nat', '-L', '-n', '-v', '-x', '--line-numbers']),
    };
  }

  /** Sends one SYN of the loaded family and reads which rule decided it. */
  async probe(spec: ProbeSpec): Promise<KernelProbe> {
    if (spec.family !== this.family) throw new Error(`probe family ${spec.family} but IPv${this.family} rules are loaded`);
    const src = spec.family === 6 ? LOCAL_V6 : LOCAL_V4;
    // a fresh source port per probe: no conntrack entry (nor NAT binding) is ever reused
    const sport = this.nextSport++;
    const reply = await this.prober.probe({ ...spec, src, sport }, [tool(spec.family, 'save'), '-c']);
    if (!reply.save || reply.save.code !== 0) throw new Error(`${tool(spec.family, 'save')} -c failed: ${reply.save?.stderr ?? 'no output'}`);
    const after = readSaveCounters(reply.save.stdout);
    delete reply.save;
    const before = this.snapshot;
    this.snapshot = after;
    const answer = decideFromCounters(before, after);
    return { ...spec, src, sport, oif: PROBE_IF, answer, reply };
  }

  close(): void {
    this.prober.close();
    deleteNamespace(this.namespace);
  }
}
