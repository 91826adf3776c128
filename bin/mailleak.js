#!/usr/bin/env node
// Thin launcher: the real CLI is bundled into dist/ by `npm run build` (run by `npm ci` via prepare).
// A reader that stops early (`mailleak --help | head`) closes the pipe: that ends the output, not
// the program with a stack trace. Any other write error is reported in one line.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) process.stderr.write(`mailleak: cannot write output: ${err && err.message}\n`);
    process.exit(70);
  });
}

import('../dist/mailleak.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/mailleak.js')) {
    process.stderr.write('mailleak: the CLI is not built yet; run `npm ci` (or `npm run build`) first\n');
    process.exit(2);
  }
  throw err;
});
