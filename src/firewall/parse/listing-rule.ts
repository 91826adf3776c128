// Turns one recognised `-L` row into a model Rule: the fixed columns become protocol,
// fragment, interface and address matches, the extension text becomes the remaining matches
// and the target. Collects what it learns about the family and the diagnostics of the line.
import { diagnostic, type Diagnostic, type SourceLoc } from '../../diagnostics.js';
import type { Family, Match, Rule, Target } from '../model.js';
import { addressTokenFamily, parseInterfaceToken, type AddressToken } from './listing-address.js';
import type { RuleRow } from './listing-line.js';
import { parseExtensionText } from './listing-matches.js';
import { buildListedTarget } from './listing-target.js';
import { protocolNumber } from './names.js';

export interface BuiltRule {
  rule: Rule;
  /** the user chain the rule jumps or goes to, if any */
  chainRef?: string;
  /** families the rule's text proves (addresses, icmp, reject-with) */
  families: Family[];
  /** old ip6tables printed a blank opt column */
  blankOpt: boolean;
  diagnostics: Diagnostic[];
}

/** Builds the Rule for `row` at `position`; `loc` is the line it came from. */
export function buildRule(row: RuleRow, position: number, loc: SourceLoc, family: Family | undefined): BuiltRule {
  const diagnostics: Diagnostic[] = [];
  const families: Family[] = [];
  const at = (column: number): SourceLoc => ({ ...loc, column });
  const matches: Match[] = [];

  const protocol = protocolNumber(row.prot.text);
  if (protocol === undefined) {
    matches.push({ kind: 'unknown', module: 'protocol', text: `${row.prot.negated ? '!' : ''}${row.prot.text}` });
    diagnostics.push(diagnostic('unknown-protocol', { protocol: row.prot.text }, at(row.prot.column)));
  } else if (protocol !== 'all' || row.prot.negated) {
    matches.push({ kind: 'protocol', negated: row.prot.negated, protocol, text: row.prot.text });
  }
  if (row.opt === '-f' || row.opt === '!f') matches.push({ kind: 'fragment', negated: row.opt === '!f' });
  if (row.interfaces) {
    const inIf = parseInterfaceToken(row.interfaces.in);
    const outIf = parseInterfaceToken(row.interfaces.out);
    if (inIf) matches.push({ kind: 'interface', dir: 'in', ...inIf });
    if (outIf) matches.push({ kind: 'interface', dir: 'out', ...outIf });
  }
  for (const [dir, token] of [['src', row.source], ['dst', row.destination]] as const) {
    const match = addressMatch(dir, token, family);
    if (match) matches.push(match);
    const f = addressTokenFamily(token);
    if (f !== undefined) families.push(f);
  }
  const firstLost = row.lost[0];
  if (firstLost) {
    diagnostics.push(diagnostic('column-lost', { lost: row.lost.length > 1 ? 'both' : firstLost.column }, at(firstLost.at)));
  }

  const ext = parseExtensionText(row.rest, row.target);
  let targetText = ext.targetText;
  let extMatches = ext.matches;
  let unknownPieces = ext.unknown;
  const built = buildListedTarget(row.target, targetText, ext.goto);
  if ((built.target.kind === 'non-terminal' || built.target.kind === 'unknown') && targetText === '') {
    // targets print their options last: unread text at the end belongs to the target, not to a
    // match (e.g. SET's ` add-set NAME src`). Those unknown pieces are the last ones listed.
    const tail: string[] = [];
    for (let last = extMatches.at(-1); last && last.kind === 'unknown' && last.module === undefined; last = extMatches.at(-1)) {
      tail.unshift(last.text);
      extMatches = extMatches.slice(0, -1);
    }
    targetText = tail.join(' ');
    unknownPieces = unknownPieces.slice(0, unknownPieces.length - tail.length);
  }
  for (const piece of unknownPieces) {
    diagnostics.push(diagnostic('unknown-extension', { text: piece.text }, at(row.restStart + piece.offset + 1)));
  }
  for (const m of extMatches) matches.push(m);
  const target: Target = targetText === ext.targetText ? built.target : buildListedTarget(row.target, targetText, ext.goto).target;
  families.push(...extensionFamilies(extMatches, target));

  const rule: Rule = { position, matches, target, loc };
  if (row.counters) rule.counters = row.counters;
  if (!row.shape.interfaces) rule.matches.push({ kind: 'interface-unknown' });
  const result: BuiltRule = { rule, families, blankOpt: row.opt === undefined, diagnostics };
  if (built.chain !== undefined) result.chainRef = built.chain;
  return result;
}

function addressMatch(dir: 'src' | 'dst', token: AddressToken, family: Family | undefined): Match | undefined {
  if (token.kind === 'spec') return { kind: 'address', dir, negated: token.negated, address: token.spec };
  // "anywhere" is no condition; only its inversion (`!0.0.0.0/0`, matches nothing) is kept
  if (!token.negated) return undefined;
  const f = token.family ?? family ?? 4;
  return { kind: 'address', dir, negated: true, address: { type: 'cidr', family: f, network: f === 4 ? '0.0.0.0' : '::', prefix: 0 } };
}

function extensionFamilies(matches: Match[], target: Target): Family[] {
  const out: Family[] = [];
  for (const m of matches) {
    if (m.kind === 'icmp') out.push(m.family);
    if (m.kind === 'iprange' && m.from.type === 'cidr') out.push(m.from.family);
  }
  if (target.kind === 'reject' && target.with !== undefined) {
    if (target.with.startsWith('icmp6-')) out.push(6);
    else if (target.with.startsWith('icmp-')) out.push(4);
  }
  return out;
}
