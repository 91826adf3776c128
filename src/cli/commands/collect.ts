// `mailleak collect --script`: prints the POSIX sh script that gathers a bundle on a server
// without Node. mailleak never connects anywhere: the user pipes the script over ssh.
import type { Command } from 'commander';
import { collectScript } from '../../input/bundle-script.js';
import { EXIT, UsageError } from '../shared/exit.js';

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description('Prints the read-only sh script that writes a bundle on a server without Node: `mailleak collect --script | ssh root@HOST sh | mailleak explain gmail.com`.')
    .option('--script', 'print the collection script (POSIX sh) on stdout')
    .action((flags: { script?: boolean }) => {
      if (!flags.script) throw new UsageError('collect: give --script (mailleak collect --script | ssh root@HOST sh > HOST.bundle)');
      process.stdout.write(collectScript());
      process.exitCode = EXIT.ok;
    });
}
