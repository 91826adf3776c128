// The egress map as JSON: every row as an address range (from, to); its exact CIDR cover only on
// request (--cidrs): a range between two /128s can need up to 254 CIDRs, which made the map of a
// 100,000-rule IPv6 deny list hundreds of MB (issue 19).
import { describeMtaChoice } from './mta-choice-text.js';
import { formatIp, type IpAddress } from '../firewall/address.js';
import { rangeToCidrs, type EgressRow } from '../firewall/symbolic/index.js';
import type { Ruleset } from '../firewall/model.js';
import type { DecidedBy } from '../firewall/simulate/types.js';
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

/** Bytes of UTF-8 text filled in place, handed on in pieces of about CHUNK bytes. */
class ByteChunks {
  static readonly CHUNK = 1 << 20;
  private static readonly encoder = new TextEncoder();
  private buf = new Uint8Array(ByteChunks.CHUNK);
  private at = 0;
  readonly done: Uint8Array[] = [];

  write(text: string): void {
    // a UTF-16 unit takes at most three bytes
    if (this.at + text.length * 3 > this.buf.length) {
      if (this.at > 0) this.done.push(this.buf.subarray(0, this.at));
      this.buf = new Uint8Array(Math.max(ByteChunks.CHUNK, text.length * 3));
      this.at = 0;
    }
    this.at += ByteChunks.encoder.encodeInto(text, this.buf.subarray(this.at)).written;
  }

  end(): void {
    if (this.at > 0) this.done.push(this.buf.subarray(0, this.at));
    this.buf = new Uint8Array(0);
    this.at = 0;
  }
}

/**
 * renderEgressJson as UTF-8 bytes in pieces, written row by row (joined and decoded, the same
 * text as JSON.stringify(toEgressJson(report), null, 2)): the map of a 100,000-rule deny list
 * has 300,000 rows, and one object tree plus one string of them took gigabytes, and a string of
 * rows kept until it is written outlived the young generation (issue 19).
 */
export function* renderEgressJsonChunks(report: EgressReport, options: EgressJsonOptions = {}): Generator<Uint8Array> {
  // each family's rows are a marker in the envelope's text, replaced by the rows written one by one
  const marker = (index: number): string => `\u0000rows ${index}\u0000`;
  const text = `${JSON.stringify(envelope(report, (_f, index) => marker(index)), null, 2)}\n`;
  const out = new ByteChunks();
  let at = 0;
  for (let index = 0; index < report.families.length; index++) {
    const f = report.families[index]!;
    const quoted = JSON.stringify(marker(index));
    const k = text.indexOf(quoted, at);
    out.write(text.slice(at, k));
    at = k + quoted.length;
    if (f.rows.length === 0) {
      out.write('[]');
      continue;
    }
    // JSON.stringify's layout: the array's items two spaces deeper than the line of its key
    const lineStart = text.lastIndexOf('\n', k) + 1;
    const indent = ' '.repeat(text.slice(lineStart, k).length - text.slice(lineStart, k).trimStart().length);
    const rowText = rowWriter(f, options, `${indent}  `);
    // rows joined into a short string first: one encodeInto per 64 KiB instead of per row
    let pending = `[\n${rowText(f.rows[0]!)}`;
    for (let i = 1; i < f.rows.length; i++) {
      pending += `,\n${rowText(f.rows[i]!)}`;
      if (pending.length >= 1 << 16) {
        out.write(pending);
        pending = '';
        if (out.done.length > 0) yield* out.done.splice(0);
      }
    }
    out.write(`${pending}\n${indent}]`);
  }
  out.write(text.slice(at));
  out.end();
  yield* out.done.splice(0);
}

type Row = EgressFamily['rows'][number];

/** JSON.stringify(value, null, 2) with every line after the first `indent` deeper. */
function prettyAt(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
}

/**
 * JSON.stringify(rowJson(…), null, 2) at `inner` (the rows' indentation), written from pieces:
 * a big map's rows repeat a few port lists and, per deciding rule, one answer, and each address
 * is the end of one row and the start of the next, so each piece is written once.
 */
function rowWriter(f: EgressFamily, options: EgressJsonOptions, inner: string): (r: Row) => string {
  const field = `\n${inner}  `;
  const portsTexts = new Map<string, string>();
  const answersText = answersTextOf(f, `${inner}  `);
  let lastValue: bigint | undefined;
  let lastText = '';
  const ip = (a: IpAddress): string => {
    if (a.value !== lastValue || lastValue === undefined) {
      lastValue = a.value;
      lastText = formatIp(a);
    }
    return lastText;
  };
  return (r) => {
    const { from, to } = r.addresses;
    let out = `${inner}{${field}"from": "${ip(from)}",${field}"to": "${ip(to)}",`;
    if (options.cidrs) out += `${field}"cidrs": ${prettyAt(rangeToCidrs(from.family, from.value, to.value), `${inner}  `)},`;
    let key = '';
    for (const p of r.ports) key += `${p.from}-${p.to},`;
    let ports = portsTexts.get(key);
    if (ports === undefined) portsTexts.set(key, (ports = prettyAt(r.ports, `${inner}  `)));
    return `${out}${field}"ports": ${ports},${field}"answers": ${answersText(r)}\n${inner}}`;
  };
}

/**
 * A row's `answers` at `indent`. Most rows of a big map repeat a few answers (the policy, one
 * rule each): an answer with only a verdict and its deciding rule is written by hand (one flat
 * object in another) and kept per decider; the rest go through JSON.stringify.
 */
function answersTextOf(f: EgressFamily, indent: string): (r: Row) => string {
  const cache = new Map<object, { verdict: string; text: string }>();
  const write = (r: Row): string => prettyAt(r.answers.map((a) => answerJson(a, f.ruleset, f.native, f.legacy)), indent);
  const i1 = `\n${indent}  `;
  const i2 = `${i1}  `;
  const i3 = `${i2}  `;
  const quoted = new Map<string, string>();
  const quote = (text: string): string => {
    let q = quoted.get(text);
    if (q === undefined) quoted.set(text, (q = JSON.stringify(text)));
    return q;
  };
  const simple = (a: EgressRow, by: DecidedBy): string | undefined => {
    // answerJson's { ...decidedBy, text } with the keys DecidedBy has, in its order; any other shape goes to JSON.stringify
    const keys = Object.keys(by);
    if (keys.length !== 3 || keys[0] !== 'table' || keys[1] !== 'chain' || typeof by.table !== 'string' || typeof by.chain !== 'string') return undefined;
    let last: string;
    if (keys[2] === 'rule' && 'rule' in by && Number.isFinite(by.rule)) last = `"rule": ${by.rule}`;
    else if (keys[2] === 'policy' && 'policy' in by && by.policy === true) last = '"policy": true';
    else return undefined;
    const from = f.native && by.table.includes(' ') ? f.native : f.ruleset;
    return `[${i1}{${i2}"verdict": ${quote(a.verdict)},${i2}"decidedBy": {${i3}"table": ${quote(by.table)},${i3}"chain": ${quote(by.chain)},${i3}${last},${i3}"text": ${JSON.stringify(ruleText(from, by) ?? null)}${i2}}${i1}}\n${indent}]`;
  };
  return (r) => {
    const a = r.answers[0];
    if (r.answers.length !== 1 || !a?.decidedBy || a.rewrittenTo || a.unknownBecause || 'text' in a.decidedBy) return write(r);
    const known = cache.get(a.decidedBy);
    if (known?.verdict === a.verdict) return known.text;
    const text = simple(a, a.decidedBy) ?? write(r);
    cache.set(a.decidedBy, { verdict: a.verdict, text });
    return text;
  };
}

export function renderEgressJson(report: EgressReport, options: EgressJsonOptions = {}): string {
  const decoder = new TextDecoder();
  let text = '';
  for (const chunk of renderEgressJsonChunks(report, options)) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
