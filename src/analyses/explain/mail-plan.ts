// The delivery plan for one recipient from whatever Exim input was supplied (config file,
// `exim -bP config`, `exim -bt` output) or, without any, Exim's defaults — the planner says so.
import type { CollectedInputs, InputSection } from '../../input/collected.js';
import type { Resolver } from '../../mail/dns/resolver.js';
import { readBtOutput, type BtResult } from '../../mail/exim/bt-output.js';
import type { EximConfig } from '../../mail/exim/config.js';
import { readEximBpConfig, readEximConfigFile } from '../../mail/exim/read-config.js';
import { readPostfixConfig, type PostfixConfig } from '../../mail/postfix/config.js';
import { planPostfixDelivery } from '../../mail/postfix/plan.js';
import { planDelivery, type PlanContext, type PlanInputs } from '../../mail/plan.js';
import type { DeliveryPlan } from '../../mail/types.js';
import { shiftDiagnostic } from './lines.js';

/** RFC 2606 .invalid: can never be the recipient's domain. */
export const UNKNOWN_HOSTNAME = 'the-server.invalid';

export interface MailInputs {
  config?: EximConfig;
  bt?: BtResult;
  /** set when the inputs hold a Postfix configuration: the plan is then Postfix's */
  postfix?: PostfixConfig;
  passwd?: string;
  assumptions: IdentityAssumption[];
}

/** What explain assumes about the MTA's identity, before the planner adds its own notes. */
export type IdentityAssumption =
  | { code: 'uid-unknown' }
  | { code: 'identity-given'; uid: number; gid: number | undefined; from: string };

export function describeIdentityAssumption(a: IdentityAssumption): string {
  switch (a.code) {
    case 'uid-unknown':
      return 'the MTA\'s uid is not known (give --uid): rules that match on the owner are evaluated both ways';
    case 'identity-given':
      return `the MTA runs as uid ${a.uid}${a.gid !== undefined ? `, gid ${a.gid}` : ''} (${a.from})`;
  }
}

export function readMailInputs(inputs: CollectedInputs): MailInputs {
  const bp = inputs.sections.find((s) => s.kind === 'exim-bp-config');
  const file = inputs.sections.find((s) => s.kind === 'exim-config');
  const bt = inputs.sections.find((s) => s.kind === 'exim-bt');
  const passwd = inputs.sections.filter((s) => s.kind === 'passwd').map((s) => s.text);
  const out: MailInputs = { assumptions: [] };
  // `exim -bP config` has macros, .ifdef and .include resolved: prefer it to the raw file
  const source = bp ?? file;
  if (source) {
    const config = source === bp ? readEximBpConfig(source.text, source.origin) : readEximConfigFile(source.text, source.origin);
    const offset = source.firstLine - 1;
    out.config = { ...config, diagnostics: config.diagnostics.map((d) => shiftDiagnostic(d, offset)) };
  }
  if (bt) {
    const read = readBtOutput(bt.text, bt.origin);
    out.bt = { ...read, diagnostics: read.diagnostics.map((d) => shiftDiagnostic(d, bt.firstLine - 1)) };
  }
  if (passwd.length > 0) out.passwd = passwd.join('\n');
  // live and bundles say which MTA is the host's: an Exim host is planned as Exim, a Postfix
  // host as Postfix even when postconf could not be read (its defaults, said by the planner)
  const postfix = inputs.mta?.mta === 'exim' ? undefined : readPostfixSections(inputs) ?? (inputs.mta?.mta === 'postfix' ? readPostfixConfig({ main: [], master: [], postconfP: [] }) : undefined);
  if (postfix) out.postfix = postfix;
  // a container's packets are forwarded: no uid on this host, nothing to assume about it
  if (inputs.uid === undefined) {
    if (inputs.mtaContainer === undefined) out.assumptions.push({ code: 'uid-unknown' });
  } else if (inputs.identityFrom) out.assumptions.push({ code: 'identity-given', uid: inputs.uid, gid: inputs.gid, from: inputs.identityFrom });
  return out;
}

/** main.cf / postconf output, master.cf / postconf -M and -P, and the table sources read beside them. */
function readPostfixSections(inputs: CollectedInputs): PostfixConfig | undefined {
  const of = (kind: InputSection['kind']): InputSection[] => inputs.sections.filter((s) => s.kind === kind);
  const main = of('postfix-main-cf');
  const master = of('postfix-master-cf');
  const p = of('postconf-p');
  if (main.length + master.length + p.length === 0) return undefined;
  const maps = of('postfix-map');
  const text = (s: InputSection) => ({ origin: s.origin, text: s.text, firstLine: s.firstLine });
  return readPostfixConfig({ main: main.map(text), master: master.map(text), postconfP: p.map(text), readFile: (path) => maps.find((m) => (m.path ?? m.origin) === path)?.text });
}

/** `sender`: the envelope sender when the user gave it (--sender); sender-dependent routing then has one answer. */
export async function planFor(recipient: string, mail: MailInputs, resolver: Resolver, inputs: CollectedInputs, sender?: string): Promise<DeliveryPlan> {
  if (mail.postfix) {
    return planPostfixDelivery(recipient, mail.postfix, {
      resolver, hostname: inputs.hostname ?? UNKNOWN_HOSTNAME,
      ...(inputs.uid !== undefined ? { uid: inputs.uid } : {}), ...(inputs.gid !== undefined ? { gid: inputs.gid } : {}), ...(mail.passwd !== undefined ? { passwd: mail.passwd } : {}),
      ...(sender !== undefined ? { sender } : {}), ...(inputs.mtaContainer !== undefined ? { forwarded: true } : {}),
    });
  }
  const exim: PlanInputs = {};
  if (mail.config) exim.config = mail.config;
  if (mail.bt) exim.bt = mail.bt;
  const context: PlanContext = { resolver };
  if (inputs.uid !== undefined) context.uid = inputs.uid;
  if (inputs.gid !== undefined) context.gid = inputs.gid;
  if (mail.passwd !== undefined) context.passwd = mail.passwd;
  if (sender !== undefined) context.sender = sender;
  if (inputs.mtaContainer !== undefined) context.forwarded = true;
  // Exim's `@` is the server's host name. Live, that is this machine (acquisition records it);
  // for pasted or saved input it is the bundle header's when a bundle says it, else unknown: a
  // placeholder that matches no mail domain stands in (the planner notes it).
  context.primaryHostname = inputs.hostname ?? UNKNOWN_HOSTNAME;
  return planDelivery(recipient, exim, context);
}
