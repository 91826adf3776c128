#!/usr/bin/env node
// Thin launcher: the real CLI is bundled into dist/ by `npm run build` (run by `npm ci` via prepare).
// A reader that stops early (`mailleak --help | head`) closes the pipe: that ends the output, not
// the program with a stack trace. Any other write error is reported in one line.
// A CommonJS script (bin/package.json): Node's ES-module loader costs a start-up several ms
// (BENCHMARKS.md §1), and nothing here needs it.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { createRequire } = Module;
const { dirname, join } = require('node:path');
const vm = require('node:vm');

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) process.stderr.write(`mailleak: cannot write output: ${err && err.message}\n`);
    process.exit(70);
  });
}

/**
 * Start-up (BENCHMARKS.md §1): Node 20 has no compile cache for ES modules (module.enableCompileCache
 * is Node 22), so the build also writes the CLI as one CommonJS script, dist/mailleak.cjs, and a V8
 * code cache of it taken after a demo run, dist/mailleak.cjs.cache: compiled here with the cache,
 * the functions a run needs are not parsed and compiled again. V8 rejects a cache made by another
 * V8 version or with other flags; the script is then compiled as usual (the answer is the same).
 * MAILLEAK_WRITE_CODE_CACHE=1 (scripts/build.mjs) writes the cache when the run ends.
 */
function runCommonJsBundle(file) {
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    // `import('node:worker_threads')` in fleet: resolved as in any module of this process
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (process.env.MAILLEAK_WRITE_CODE_CACHE === '1') process.once('exit', () => writeFileSync(`${file}.cache`, script.createCachedData()));
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return true;
}

if (!runCommonJsBundle(join(__dirname, '..', 'dist', 'mailleak.cjs'))) {
  import('../dist/mailleak.js').catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/mailleak.js')) {
      process.stderr.write('mailleak: the CLI is not built yet; run `npm ci` (or `npm run build`) first\n');
      process.exit(2);
    }
    throw err;
  });
}
