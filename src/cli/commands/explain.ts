// Placeholder: the `explain` command is being built (see its issue).
import type { Command } from 'commander';

export function registerExplain(program: Command): void {
  program.command('explain').description('(not yet available)').action(() => {
    process.stderr.write('mailleak: explain is not available yet\n');
    process.exitCode = 2;
  });
}
