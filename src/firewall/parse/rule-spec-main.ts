// The options iptables(8) itself defines: -p, -s, -d, -i, -o, -f, -m, -j, -g, -c, -4/-6.
import type { AddressSpec } from '../address.js';
import { protocolNumber } from './names.js';
import type { ModuleUse } from './rule-spec-modules.js';
import { parseAddress, parseCounterPair } from './rule-spec-values.js';
import type { Walk } from './rule-spec-walk.js';
import { hint, takeArgs, unknownMatch, warn } from './rule-spec-walk.js';
import type { ShellWord } from './shell-words.js';

export const MAIN_OPTIONS: Record<string, string> = {
  '-p': 'protocol', '--protocol': 'protocol', '-s': 'source', '--source': 'source', '--src': 'source',
  '-d': 'destination', '--destination': 'destination', '--dst': 'destination', '-i': 'in', '--in-interface': 'in',
  '-o': 'out', '--out-interface': 'out', '-f': 'fragment', '--fragment': 'fragment', '-m': 'match', '--match': 'match',
  '-j': 'jump', '--jump': 'jump', '-g': 'goto', '--goto': 'goto', '-c': 'counters', '--set-counters': 'counters',
  '-4': 'ipv4', '--ipv4': 'ipv4', '-6': 'ipv6', '--ipv6': 'ipv6',
};

function handleAddress(w: Walk, dir: 'src' | 'dst', word: ShellWord, value: ShellWord, negated: boolean): void {
  const text = `${negated ? '! ' : ''}${word.text} ${value.text}`;
  const specs = value.text.split(',').map((t) => parseAddress(t, w.ctx.family));
  if (value.unresolved || specs.some((s) => !s)) {
    if (value.unresolved) warn(w, 'unresolved-value', { what: 'address', text: value.text }, value);
    else warn(w, 'bad-address', { problem: 'unreadable', text: value.text }, value);
    unknownMatch(w, text);
    return;
  }
  const good = specs as AddressSpec[];
  if (negated && good.length > 1) {
    warn(w, 'bad-address', { problem: 'negated-list' }, word);
    unknownMatch(w, text);
    return;
  }
  const foreign = good.find((s) => s.type !== 'hostname' && w.ctx.family !== undefined && s.family !== w.ctx.family);
  if (foreign) {
    // `iptables -d 2001:db8::1` fails: the address is not of the command's family
    warn(w, 'family-mismatch', { context: 'address', text: value.text, family: w.ctx.family! }, value);
    unknownMatch(w, text);
    return;
  }
  for (const s of good) if (s.type !== 'hostname') hint(w, s.family);
  w.items.push({ kind: 'address', dir, negated, specs: good });
}

/** One of iptables' own options; `inline` is the value of `--dst=192.0.2.1`. */
export function handleMain(w: Walk, kind: string, word: ShellWord, negated: boolean, inline?: ShellWord): void {
  if (kind === 'fragment') { w.items.push({ kind: 'match', match: { kind: 'fragment', negated } }); return; }
  if (kind === 'ipv4' || kind === 'ipv6') { hint(w, kind === 'ipv4' ? 4 : 6); return; }
  const neg = { value: negated };
  const args = inline ? [inline, ...(kind === 'counters' ? takeArgs(w, 1, neg) : [])] : takeArgs(w, kind === 'counters' ? 2 : 1, neg);
  const value = args[0];
  if (!value || (kind === 'counters' && args.length < 2)) {
    warn(w, 'missing-value', { option: word.text }, word);
    unknownMatch(w, word.text);
    return;
  }
  switch (kind) {
    case 'protocol': {
      const p = value.unresolved ? undefined : protocolNumber(value.text);
      if (p === undefined) { warn(w, 'bad-protocol', { text: value.text }, value); unknownMatch(w, `${neg.value ? '! ' : ''}-p ${value.text}`); return; }
      if (!neg.value) w.protocol = p;
      if (p === 58) hint(w, 6);
      w.items.push({ kind: 'match', match: { kind: 'protocol', negated: neg.value, protocol: p, text: value.text } });
      return;
    }
    case 'source':
    case 'destination':
      handleAddress(w, kind === 'source' ? 'src' : 'dst', word, value, neg.value);
      return;
    case 'in':
    case 'out':
      if (value.unresolved) { warn(w, 'unresolved-value', { what: 'interface', text: value.text }, value); unknownMatch(w, `${word.text} ${value.text}`); return; }
      w.items.push({ kind: 'match', match: { kind: 'interface', dir: kind, negated: neg.value, name: value.text } });
      return;
    case 'match': {
      const use: ModuleUse = { name: value.text, explicit: true, options: [], word };
      w.modules.push(use);
      w.items.push({ kind: 'module', use });
      w.loaded.push(use);
      if (use.name === 'icmp6') hint(w, 6);
      return;
    }
    case 'jump':
    case 'goto':
      if (w.target) warn(w, 'multiple-targets', {}, word);
      w.target = { name: value.text, goto: kind === 'goto', options: [] };
      if (kind === 'jump') w.loaded.push(w.target);
      return;
    case 'counters': {
      const c = parseCounterPair(value.text, args[1]!.text);
      if (!c) { warn(w, 'bad-counters', { text: `${value.text} ${args[1]!.text}` }, value); return; }
      w.counters = { ...c, approx: false, text: `-c ${value.text} ${args[1]!.text}` };
    }
  }
}

