#!/usr/bin/env node
// Thin launcher: the real CLI is bundled into dist/ by `npm run build` (run by `npm ci` via prepare).
import('../dist/mailleak.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/mailleak.js')) {
    process.stderr.write('mailleak: the CLI is not built yet; run `npm ci` (or `npm run build`) first\n');
    process.exit(2);
  }
  throw err;
});
