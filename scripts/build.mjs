// Bundles the CLI into one ESM file so that `npm ci` leaves `mailleak` runnable and start-up
// stays fast (one file to load; heavy modules are imported lazily by the commands that need them).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/mailleak.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
