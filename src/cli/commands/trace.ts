// Placeholder: the `trace` command is being built (see its issue).
import type { Command } from 'commander';

export function registerTrace(program: Command): void {
  program.command('trace').description('(not yet available)').action(() => {
    process.stderr.write('mailleak: trace is not available yet\n');
    process.exitCode = 2;
  });
}
