// The egress map as JSON: every row as an address range (from, to); its exact CIDR cover only on
// request (--cidrs): a range between two /128s can need up to 254 CIDRs, which made the map of a
// 100,000-rule IPv6 deny list hundreds of MB (issue 19).
import { describeMtaChoice } from './mta-choice-text.js';
import { formatIp } from '../firewall/address.js';
import { rangeToCidrs, type EgressRow } from '../firewall/symbolic/index.js';
import type { Ruleset } from '../firewall/model.js';
import { formatPorts, ruleText } from './egress-format.js';
import type { EgressReport } from '../analyses/egress/types.js';
import { uncertaintyJson } from './uncertainty-json.js';

function answerJson(row: EgressRow, ruleset: Ruleset, native?: Ruleset, legacy?: Ruleset): Record<string, unknown> {
  // a native table's name has a space ("inet filter"): its text is in the nft ruleset beside the iptables one
  const from = legacy && row.decidedBy?.backend === 'legacy' ? legacy : native && row.decidedBy?.table.includes(' ') ? native : ruleset;
  const out: Record<string, unknown> = { verdict: row.verdict, decidedBy: row.decidedBy ? { ...row.decidedBy, text: ruleText(from, row.decidedBy) ?? null } : null };
  if (row.rewrittenTo) {
    out.rewrittenTo = {
      ...(row.rewrittenTo.address ? { address: formatIp(row.rewrittenTo.address) } : {}),
      ...(row.rewrittenTo.port !== undefined ? { port: row.rewrittenTo.port } : {}),
      byRule: row.rewrittenTo.byRule,
    };
  }
  if (row.unknownBecause) out.unknownBecause = uncertaintyJson(row.unknownBecause);
  return out;
}

export interface EgressJsonOptions {
  /** add each row's exact CIDR cover (`cidrs`) */
  cidrs?: boolean;
}

type EgressFamily = EgressReport['families'][number];

function rowJson(f: EgressFamily, r: EgressFamily['rows'][number], options: EgressJsonOptions): Record<string, unknown> {
  return {
    from: formatIp(r.addresses.from),
    to: formatIp(r.addresses.to),
    ...(options.cidrs ? { cidrs: rangeToCidrs(r.addresses.from.family, r.addresses.from.value, r.addresses.to.value) } : {}),
    ports: r.ports,
    answers: r.answers.map((a) => answerJson(a, f.ruleset, f.native, f.legacy)),
  };
}

function envelope(report: EgressReport, rows: (f: EgressFamily, index: number) => unknown): Record<string, unknown> {
  return {
    schemaVersion: 1,
    command: 'egress',
    families: report.families.map((f, index) => ({
      family: f.family,
      protocol: 'tcp',
      state: 'NEW',
      ports: formatPorts(f.ports),
      principals: f.principals.map(({ role: _role, ...principal }) => principal),
      rows: rows(f, index),
      notes: f.notes,
    })),
    missingFamilies: report.missing,
    identity: report.identity,
    ...(report.mta ? { mta: { mta: report.mta.mta, evidence: report.mta.evidence, installed: report.mta.installed, why: describeMtaChoice(report.mta) } } : {}),
  };
}

export function toEgressJson(report: EgressReport, options: EgressJsonOptions = {}): Record<string, unknown> {
  return envelope(report, (f) => f.rows.map((r) => rowJson(f, r, options)));
}

/**
 * The text of renderEgressJson in pieces, row by row (joined, the same bytes as
 * JSON.stringify(toEgressJson(report), null, 2)): the map of a 100,000-rule deny list has
 * 300,000 rows, and one object tree plus one string of them took gigabytes (issue 19).
 */
export function* renderEgressJsonChunks(report: EgressReport, options: EgressJsonOptions = {}): Generator<string> {
  // each family's rows are a marker in the envelope's text, replaced by the rows written one by one
  const marker = (index: number): string => `\u0000rows ${index}\u0000`;
  const text = `${JSON.stringify(envelope(report, (_f, index) => marker(index)), null, 2)}\n`;
  let at = 0;
  for (let index = 0; index < report.families.length; index++) {
    const f = report.families[index]!;
    const quoted = JSON.stringify(marker(index));
    const k = text.indexOf(quoted, at);
    yield text.slice(at, k);
    at = k + quoted.length;
    if (f.rows.length === 0) {
      yield '[]';
      continue;
    }
    // JSON.stringify's layout: the array's items two spaces deeper than the line of its key
    const lineStart = text.lastIndexOf('\n', k) + 1;
    const indent = ' '.repeat(text.slice(lineStart, k).length - text.slice(lineStart, k).trimStart().length);
    const inner = `${indent}  `;
    const answersText = answersTextOf(f);
    let chunk = '[\n';
    for (let i = 0; i < f.rows.length; i++) {
      chunk += `${i > 0 ? ',\n' : ''}${inner}${rowText(f.rows[i]!, options, answersText).replaceAll('\n', `\n${inner}`)}`;
      if (chunk.length >= 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}\n${indent}]`;
  }
  yield text.slice(at);
}

type Row = EgressFamily['rows'][number];

/** JSON.stringify(rowJson(…), null, 2), its `answers` text taken from answersText. */
function rowText(r: Row, options: EgressJsonOptions, answersText: (r: Row) => string): string {
  const head = JSON.stringify({
    from: formatIp(r.addresses.from),
    to: formatIp(r.addresses.to),
    ...(options.cidrs ? { cidrs: rangeToCidrs(r.addresses.from.family, r.addresses.from.value, r.addresses.to.value) } : {}),
    ports: r.ports,
  }, null, 2);
  return `${head.slice(0, -2)},\n  "answers": ${answersText(r)}\n}`;
}

/**
 * A row's `answers` as rowText places them (two spaces deeper). Most rows of a big map repeat a
 * few answers (the policy, one rule each): an answer with only a verdict and its deciding rule is
 * written once per decider and verdict.
 */
function answersTextOf(f: EgressFamily): (r: Row) => string {
  const cache = new WeakMap<object, Map<string, string>>();
  const write = (r: Row): string => JSON.stringify(r.answers.map((a) => answerJson(a, f.ruleset, f.native, f.legacy)), null, 2).replaceAll('\n', '\n  ');
  return (r) => {
    const a = r.answers[0];
    if (r.answers.length !== 1 || !a?.decidedBy || a.rewrittenTo || a.unknownBecause) return write(r);
    let byVerdict = cache.get(a.decidedBy);
    if (!byVerdict) cache.set(a.decidedBy, (byVerdict = new Map()));
    let text = byVerdict.get(a.verdict);
    if (text === undefined) byVerdict.set(a.verdict, (text = write(r)));
    return text;
  };
}

export function renderEgressJson(report: EgressReport, options: EgressJsonOptions = {}): string {
  return [...renderEgressJsonChunks(report, options)].join('');
}
