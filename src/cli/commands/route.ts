// Placeholder: the `route` command is being built (see its issue).
import type { Command } from 'commander';

export function registerRoute(program: Command): void {
  program.command('route').description('(not yet available)').action(() => {
    process.stderr.write('mailleak: route is not available yet\n');
    process.exitCode = 2;
  });
}
