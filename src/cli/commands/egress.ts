// `mailleak egress [--ports 25,465,587] [--uid N | --user NAME] [inputs] [--json]`: the exact
// set of destinations this host's MTA can open SMTP connections to, per family, from the
// symbolic evaluator. When owner rules exist, root, the MTA user and an ordinary user are
// shown side by side. Also used by `check` (buildEgressReport).
import type { Command } from 'commander';
import { parseIp } from '../../firewall/address.js';
import type { Family, Range, Ruleset } from '../../firewall/model.js';
import { compareEgress, type EgressContext } from '../../firewall/symbolic/index.js';
import { mergeRanges } from '../../firewall/symbolic/atoms.js';
import { readMailInputs } from '../../analyses/explain/mail-plan.js';
import { parseFirewalls } from '../../analyses/explain/rulesets.js';
import { acquireInputs } from '../../input/acquire.js';
import type { CollectedInputs } from '../../input/collected.js';
import { resolveEximIdentity } from '../../mail/plan-user.js';
import { paletteForStdout } from '../../report/color.js';
import type { EgressReport, FamilyEgress, Principal } from '../../report/egress-model.js';
import { renderEgressJson } from '../../report/egress-json.js';
import { renderEgressText } from '../../report/egress-text.js';
import { EXIT, UsageError } from '../exit.js';
import { addInputOptions, demoInputs, toAcquireOptions, type InputFlags } from './explain.js';

export const SMTP_PORTS: Range[] = [25, 465, 587].map((p) => ({ from: p, to: p }));
/** The "ordinary user" of the comparison: the first uid Debian and RHEL give to a person. */
const ORDINARY_UID = 1000;

/** `25,465,587`, `1-1024`, `all` → port ranges; anything else is a usage error. */
export function parsePorts(text: string): Range[] {
  if (text.trim() === 'all') return [{ from: 1, to: 65535 }];
  const out: Range[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d{1,5})(?:[-:](\d{1,5}))?$/.exec(part);
    const from = Number(m?.[1]);
    const to = m?.[2] !== undefined ? Number(m[2]) : from;
    if (!m || from < 1 || to > 65535 || from > to) throw new UsageError(`--ports: "${part}" is not a port or range from 1 to 65535 (e.g. 25,465,587 or 1-1024)`);
    out.push({ from, to });
  }
  if (out.length === 0) throw new UsageError('--ports: no port given');
  return mergeRanges(out);
}

function hasOwnerRules(ruleset: Ruleset): boolean {
  return ruleset.tables.some((t) => t.chains.some((c) => c.rules.some((r) => r.matches.some((m) => m.kind === 'owner'))));
}

export interface EgressOptions {
  ports: Range[];
  /** always compare principals (default: only when owner rules exist) */
  compare?: boolean;
}

/** The MTA user's identity from the inputs: --uid/--user, live exim -bP, or the configuration plus passwd. */
export function mtaPrincipal(inputs: CollectedInputs): { principal: Principal; notes: string[] } {
  const mail = readMailInputs(inputs);
  const identity = resolveEximIdentity(mail.config, { ...(inputs.uid !== undefined ? { uid: inputs.uid } : {}), ...(inputs.gid !== undefined ? { gid: inputs.gid } : {}), ...(mail.passwd !== undefined ? { passwd: mail.passwd } : {}) });
  const named = inputs.identityFrom?.startsWith('--uid') ? 'the MTA user' : identity.user;
  const label = identity.uid !== undefined ? `${named} (uid ${identity.uid})` : `${named} (uid unknown)`;
  const notes = inputs.identityFrom ? [`the MTA's uid: ${inputs.identityFrom}`] : identity.notes;
  return { principal: { label, ...(identity.uid !== undefined ? { uid: identity.uid } : {}), ...(identity.gid !== undefined ? { gid: identity.gid } : {}) }, notes };
}

export function buildEgressReport(inputs: CollectedInputs, options: EgressOptions): EgressReport {
  const firewalls = parseFirewalls(inputs.sections);
  const mta = mtaPrincipal(inputs);
  const families: FamilyEgress[] = [];
  const missing: Family[] = [];
  for (const family of [4, 6] as const) {
    const ruleset = firewalls.rulesets[family];
    if (!ruleset) {
      missing.push(family);
      continue;
    }
    const principals = options.compare || hasOwnerRules(ruleset)
      ? [{ label: 'root (uid 0)', uid: 0, gid: 0 }, mta.principal, { label: `an ordinary user (uid ${ORDINARY_UID})`, uid: ORDINARY_UID, gid: ORDINARY_UID }]
      : [mta.principal];
    const src = inputs.src !== undefined ? parseIp(inputs.src) : undefined;
    const contexts = principals.map((p): EgressContext => ({
      family,
      ports: options.ports,
      ...(p.uid !== undefined ? { uid: p.uid } : {}),
      ...(p.gid !== undefined ? { gid: p.gid } : {}),
      ...(inputs.oif !== undefined ? { oif: inputs.oif } : {}),
      ...(src && src.family === family ? { src } : {}),
    }));
    const compared = compareEgress(ruleset, contexts);
    families.push({ family, ruleset, ports: options.ports, principals, rows: compared.rows, notes: compared.notes });
  }
  return { families, missing, identity: mta.notes };
}

export function registerEgress(program: Command): void {
  addInputOptions(
    program
      .command('egress')
      .description('The exact set of destinations (address ranges × ports) the MTA can open SMTP connections to, per family, with the deciding rule of each.')
      .option('--ports <list>', 'destination ports: 25,465,587 (default), ranges 1-1024, or all')
      .option('--user <name>', "the MTA's user name (looked up in passwd), instead of --uid")
      .option('--compare', 'show root, the MTA user and an ordinary user side by side (automatic when owner rules exist)')
      .option('--demo', 'the egress map of the bundled ServerFault 930157 example'),
  ).action(async (flags: InputFlags & { ports?: string; user?: string; compare?: boolean; demo?: boolean }, cmd: Command) => {
    if (flags.user !== undefined && flags.uid !== undefined) throw new UsageError('give --uid or --user, not both');
    const ports = flags.ports !== undefined ? parsePorts(flags.ports) : SMTP_PORTS;
    const inputs = flags.demo ? await demoInputs() : await acquireInputs(toAcquireOptions(flags.user !== undefined ? { ...flags, uid: flags.user } : flags));
    if (inputs.sections.length === 0) {
      const problem = inputs.problems[0];
      throw new UsageError(problem ? `${problem.what}: ${problem.message}` : 'no input was read');
    }
    const report = buildEgressReport(inputs, { ports, ...(flags.compare ? { compare: true } : {}) });
    if (report.families.length === 0) throw new UsageError('egress needs a firewall ruleset (--iptables FILE / --ip6tables FILE, or live on this host)');
    const color = (cmd.optsWithGlobals() as { color?: boolean }).color;
    process.stdout.write(flags.json ? renderEgressJson(report) : renderEgressText(report, paletteForStdout(color)));
    process.exitCode = EXIT.ok;
  });
}
