// Builds the web page (issue 20) into web/dist (or the folder given as the first argument):
// index.html, style.css and one classic script — a classic script, not a module, because
// browsers refuse module scripts from file://. The demo's texts (fixtures/demo) are put into
// the script, so #demo works offline. Nothing the page loads comes from elsewhere.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(ROOT, 'web', 'dist'));
const demoDir = join(ROOT, 'fixtures', 'demo');
const demo = {
  listing: await readFile(join(demoDir, 'serverfault-930157.txt'), 'utf8'),
  zones: await Promise.all(['gmail.com.zone', 'domain.com.zone'].map(async (name) => ({ name, text: await readFile(join(demoDir, name), 'utf8') }))),
};

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(ROOT, 'src/web/main.ts')],
  outfile: join(out, 'mailleak-web.js'),
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['chrome111', 'firefox113', 'safari16.4'],
  minify: true,
  define: { __MAILLEAK_DEMO__: JSON.stringify(demo) },
  // cli-table3 (the copied text's table) loads colours only for styled cells, inside a try; the
  // page styles none, so the require is left out and never runs
  external: ['@colors/colors/safe'],
  legalComments: 'none',
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) await copyFile(join(ROOT, 'web', file), join(out, file));
