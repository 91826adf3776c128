// `mailleak egress [--ports 25,465,587] [--uid N | --user NAME] [inputs] [--json]`: the exact
// set of destinations this host's MTA can open SMTP connections to, per family (the analysis is
// src/analyses/egress). When owner rules exist, root, the MTA user and an ordinary user are
// shown side by side.
import { once } from 'node:events';
import type { Command } from 'commander';
import { buildEgressReport, SMTP_PORTS } from '../../analyses/egress/egress.js';
import type { Range } from '../../firewall/model.js';
import { mergeRanges } from '../../firewall/symbolic/atoms.js';
import { acquireInputs } from '../../input/node/acquire.js';
import { paletteForStdout } from '../../report/color.js';
import { renderEgressJsonChunks } from '../../report/egress-json.js';
import { renderEgressText } from '../../report/egress-text.js';
import { EXIT, UsageError } from '../shared/exit.js';
import { addInputOptions, assertSomethingRead, demoInputs, toAcquireOptions, type InputFlags } from '../shared/input-options.js';
import { colorOption } from '../shared/options.js';

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

export function registerEgress(program: Command): void {
  addInputOptions(
    program
      .command('egress')
      .description('The exact set of destinations (address ranges × ports) the MTA can open SMTP connections to, per family, with the deciding rule of each.')
      .option('--ports <list>', 'destination ports: 25,465,587 (default), ranges 1-1024, or all')
      .option('--user <name>', "the MTA's user name (looked up in passwd), instead of --uid")
      .option('--cidrs', "with --json: each row's exact CIDR cover besides its from-to range")
      .option('--compare', 'show root, the MTA user and an ordinary user side by side (automatic when owner rules exist)')
      .option('--demo', 'the egress map of the bundled ServerFault 930157 example'),
  ).action(async (flags: InputFlags & { ports?: string; user?: string; compare?: boolean; cidrs?: boolean; demo?: boolean }, cmd: Command) => {
    if (flags.user !== undefined && flags.uid !== undefined) throw new UsageError('give --uid or --user, not both');
    const ports = flags.ports !== undefined ? parsePorts(flags.ports) : SMTP_PORTS;
    const inputs = flags.demo ? await demoInputs() : await acquireInputs(toAcquireOptions(flags.user !== undefined ? { ...flags, uid: flags.user } : flags));
    assertSomethingRead(inputs);
    const report = buildEgressReport(inputs, { ports, ...(flags.compare ? { compare: true } : {}) });
    if (report.families.length === 0) throw new UsageError('egress needs a firewall ruleset (--iptables FILE / --ip6tables FILE, or live on this host)');
    if (flags.json) {
      // written row by row: a map of 100,000s of rows is never one string (issue 19)
      for (const chunk of renderEgressJsonChunks(report, { cidrs: flags.cidrs === true })) {
        if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
      }
    } else process.stdout.write(renderEgressText(report, paletteForStdout(colorOption(cmd))));
    process.exitCode = EXIT.ok;
  });
}
