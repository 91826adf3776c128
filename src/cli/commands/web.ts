// `mailleak web [--port N]`: serves the web page (built by `npm run build:web`) on 127.0.0.1
// until interrupted. Loopback only: the page is for the person at this machine.
import type { Command } from 'commander';
import { EXIT, UsageError } from '../shared/exit.js';

export const DEFAULT_WEB_PORT = 8425;

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`--port: not a port number: ${JSON.stringify(value)}`);
  return Number(value);
}

export function registerWeb(program: Command): void {
  program
    .command('web')
    .description('Serves the paste-in web page on 127.0.0.1 (the same analysis in a browser; the page sends nothing anywhere).')
    .option('--port <n>', `port on 127.0.0.1 (0: any free port; default ${DEFAULT_WEB_PORT})`)
    .action(async (flags: { port?: string }) => {
      const port = flags.port === undefined ? DEFAULT_WEB_PORT : parsePort(flags.port);
      // loaded here, not at start-up: node:http costs every other command a few ms (BENCHMARKS.md §1)
      const { createStaticServer, findWebDist, listenOnLoopback } = await import('../shared/static-server.js');
      const root = findWebDist();
      if (!root) throw new UsageError('the web page is not built: run `npm run build:web` (it writes web/dist)');
      const server = createStaticServer(root);
      let taken: number;
      try {
        taken = await listenOnLoopback(server, port);
      } catch (err) {
        throw new UsageError(`cannot listen on 127.0.0.1:${port}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      process.stdout.write(`mailleak web: serving ${root} on http://127.0.0.1:${taken}/ (the demo: http://127.0.0.1:${taken}/#demo); Ctrl-C stops it\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          server.close(() => resolve());
          server.closeAllConnections();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.exitCode = EXIT.ok;
    });
}
