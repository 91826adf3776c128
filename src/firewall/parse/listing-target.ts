// The target of a listed rule: the target column plus the target's own print text (listing
// §5.2): `reject-with tcp-reset`, `to:192.0.2.1:25`, `redir ports 25`, `masq ports: 1024-65535`,
// `LOG flags 0 level 4 prefix "…"`. A name that is no known target is a user chain.
import { parseCidr } from '../address.js';
import type { Range, Target } from '../model.js';
import { classifyTargetName, isKnownTargetName } from './names.js';

/**
 * Builds the Target. `goto` is the `[goto]` marker; `text` the target's print text (may be '').
 * Returns `chain` when the target is a user chain, so the caller can check it exists.
 */
export function buildListedTarget(name: string, text: string, goto: boolean): { target: Target; chain?: string } {
  if (name === '') return { target: { kind: 'none' } };
  if (goto) return { target: { kind: 'goto', chain: name }, chain: name };
  const target = classifyTargetName(name, text);
  switch (target.kind) {
    case 'reject': {
      const withText = /(?:^|\s)reject-with\s+(\S+)/.exec(text)?.[1];
      return { target: withText === undefined ? target : { kind: 'reject', with: withText } };
    }
    case 'nat':
      return { target: { ...target, ...readNatText(text) } };
    case 'unknown':
      // iptables refuses chain names that clash with targets, so any other name is a chain
      return isKnownTargetName(name) ? { target } : { target: { kind: 'jump', chain: name }, chain: name };
    case 'accept':
    case 'drop':
    case 'return':
    case 'jump':
    case 'goto':
    case 'none':
    case 'non-terminal':
      return { target };
  }
}

/** `to:ADDR[-ADDR][:PORT[-PORT]]`, `to:[v6]:PORT`, `redir ports N[-M]`, `masq ports: N-M`. */
function readNatText(text: string): { toAddress?: ReturnType<typeof parseCidr>; toPorts?: Range } {
  const out: { toAddress?: ReturnType<typeof parseCidr>; toPorts?: Range } = {};
  const ports = /(?:redir ports|masq ports:)\s*(\d+)(?:-(\d+))?/.exec(text);
  if (ports && ports[1] !== undefined) out.toPorts = readRange(ports[1], ports[2]);
  const v6 = /(?:^|\s)to:\[([0-9A-Fa-f:.]+)\](?::(\d+)(?:-(\d+))?)?/.exec(text);
  const v4 = /(?:^|\s)to:([\d.]+)(-[\d.]+)?(?::(\d+)(?:-(\d+))?)?(?=\s|$)/.exec(text);
  const bare6 = /(?:^|\s)to:([0-9A-Fa-f]*:[0-9A-Fa-f:]+)(?=\s|$)/.exec(text);
  if (v6 && v6[1] !== undefined) {
    const address = parseCidr(v6[1]);
    if (address) out.toAddress = address;
    if (v6[2] !== undefined) out.toPorts = readRange(v6[2], v6[3]);
  } else if (v4 && v4[1] !== undefined) {
    // an address range (`to:a-b`) is not one AddressSpec: the text keeps it
    const address = v4[2] === undefined ? parseCidr(v4[1]) : undefined;
    if (address) out.toAddress = address;
    if (v4[3] !== undefined) out.toPorts = readRange(v4[3], v4[4]);
  } else if (bare6 && bare6[1] !== undefined) {
    const address = parseCidr(bare6[1]);
    if (address) out.toAddress = address;
  }
  return out;
}

function readRange(from: string, to: string | undefined): Range {
  return { from: Number(from), to: Number(to ?? from) };
}
