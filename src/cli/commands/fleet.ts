// `mailleak fleet DIR --probe gmail.com [--allow domain.com]`: every bundle in DIR (one per host)
// analysed in parallel, one table (or --json), exit code as `check` with the worst host winning.
import { Command } from 'commander';
import { chooseProbes, DEFAULT_PROBES } from '../../analyses/check/check.js';
import { listBundles, runFleet } from '../../analyses/fleet/node/fleet-run.js';
import type { FleetOptions } from '../../analyses/fleet/fleet-types.js';
import { readDeclaredFiles } from '../../input/files.js';
import { readFileText } from '../../input/node/read.js';
import { checkDnsServer } from '../../mail/dns/server-address.js';
import { paletteForStdout } from '../../report/color.js';
import { renderFleetJson } from '../../report/fleet-json.js';
import { renderFleetText } from '../../report/fleet-text.js';
import { UsageError } from '../shared/exit.js';
import { checkTarget, collect, collectList, colorOption } from '../shared/options.js';

interface FleetFlags {
  probe: string[];
  allow: string[];
  dns: string[];
  dnsServer?: string;
  offline?: boolean;
  jobs?: string;
  json?: boolean;
}

function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1) throw new UsageError(`--jobs: not a positive number: ${JSON.stringify(value)}`);
  return Number(value);
}

export function registerFleet(program: Command): void {
  program
    .command('fleet')
    .argument('<dir>', 'a folder of bundles, one file per host (written by `mailleak collect --script | ssh HOST sh`)')
    .description('Analyses every bundle in DIR in parallel: one table of host × verdict × how it leaks × first fix. Exit code as check, the worst host wins (1 violation, 2 unreadable bundle, 3 cannot decide).')
    .option('--probe <domains>', `domains mail must NOT reach (comma-separated; default ${DEFAULT_PROBES.join(',')})`, collectList, [])
    .option('--allow <domain>', 'domains mail must reach (repeatable, comma-separated)', collectList, [])
    .option('--dns <file>', 'DNS records for every host: a zone file or dig output (repeatable)', collect, [])
    .option('--dns-server <addr>', 'ask this DNS server (ADDR[:PORT])')
    .option('--offline', 'do not use DNS at all')
    .option('--jobs <n>', 'worker threads (default: one per core)')
    .option('--json', 'JSON output')
    .action(async (dir: string, flags: FleetFlags, cmd: Command) => {
      const probes = chooseProbes(flags.allow, flags.probe);
      for (const d of [...flags.allow, ...probes]) checkTarget(d, 'domain');
      if (flags.dnsServer !== undefined) {
        const problem = checkDnsServer(flags.dnsServer);
        if (problem) throw new UsageError(`--dns-server: ${problem}`);
      }
      const jobs = parseJobs(flags.jobs);
      const files = await listBundles(dir);
      // --dns files are read once here, as `explain --dns` reads them, and shared by every host
      const dns = await readDeclaredFiles({ dns: flags.dns }, (path) => readFileText(path), () => Promise.reject(new UsageError('--dns -: stdin cannot be read for a fleet')));
      const options: FleetOptions = { probes, allow: flags.allow, dnsSections: dns.sections };
      if (flags.dnsServer !== undefined) options.dnsServer = flags.dnsServer;
      if (flags.offline) options.offline = true;
      const fleet = await runFleet(files, options, jobs === undefined ? {} : { jobs });
      process.stdout.write(flags.json ? renderFleetJson(fleet, probes, flags.allow) : renderFleetText(fleet, paletteForStdout(colorOption(cmd))));
      process.exitCode = fleet.exitCode;
    });
}
