// A `mailleak collect` bundle dropped on the page (with the zone files beside it) gives what
// `mailleak explain --bundle FILE --dns …` prints for the same files.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../golden/bundle.js';
import { openTab, textOf, waitForAnswer } from './browser.js';
import { collectFakeBundle, DASH } from './bundle.js';
import { HOST_LINES } from './cases.js';
import { pageUrl, type PageContext } from './context.js';

export function describeBundleDrop(ctx: PageContext): void {
  describe.skipIf(!DASH)('a dropped `mailleak collect` bundle', () => {
    let dir = '';
    const files: { name: string; text: string }[] = [];
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'mailleak-drop-'));
      files.push({ name: 'web9.example.bundle', text: collectFakeBundle(ROOT) });
      writeFileSync(join(dir, files[0]!.name), files[0]!.text);
      for (const zone of ['gmail.com.zone', 'domain.com.zone']) {
        copyFileSync(join(ROOT, 'fixtures/demo', zone), join(dir, zone));
        files.push({ name: zone, text: '' });
      }
      for (const f of files.slice(1)) f.text = readZone(f.name);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const readZone = (name: string): string => readFileSync(join(ROOT, 'fixtures/demo', name), 'utf8');

    it('is read as the paste, and the answer is the CLI’s JSON for `explain gmail.com --allow domain.com --bundle FILE --dns …`', async () => {
      const page = await openTab(ctx.browser, ctx.outside);
      await page.goto(pageUrl(ctx));
      await page.waitForFunction(() => document.body.dataset.state === 'ready');
      // the drop a person makes: one DataTransfer holding the three files, dropped on the page
      await page.evaluate((list: { name: string; text: string }[]) => {
        const transfer = new DataTransfer();
        for (const f of list) transfer.items.add(new File([f.text], f.name, { type: 'text/plain' }));
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }, files);
      await page.waitForFunction(() => document.querySelectorAll('.input-block').length === 3);
      const kinds = await page.$$eval('.input-block', (blocks) => blocks.map((b) => `${(b.querySelector('.input-name') as HTMLInputElement).value}: ${(b.querySelector('.input-kind') as HTMLSelectElement).value}`));
      expect(kinds).toEqual(['web9.example.bundle: paste', 'gmail.com.zone: dns', 'domain.com.zone: dns']);
      await page.type('#target', 'gmail.com');
      await page.type('#allow', 'domain.com');
      await page.evaluate(() => (document.body.dataset.state = 'filled'));
      await page.focus('#analyse');
      await page.keyboard.press('Enter');
      await waitForAnswer(page);
      const expected = runCli(ctx.cli, ['explain', 'gmail.com', '--allow', 'domain.com', '--bundle', files[0]!.name, '--dns', 'gmail.com.zone', '--dns', 'domain.com.zone', '--json'], { cwd: dir });
      expect(expected.stderr).toBe('');
      expect(await textOf(page, '#json')).toBe(expected.stdout);
      // what the bundle carried, read as the CLI reads it: the rulesets, Exim's -bP config and the zones
      const kindsRead = (JSON.parse(expected.stdout).inputs as { kind: string }[]).map((i) => i.kind);
      expect(kindsRead).toEqual(expect.arrayContaining(['iptables-save', 'exim-bp-config', 'dns-records']));
      // the MTA the bundle's host runs, as the CLI words it, is on the page
      const hostLines = runCli(ctx.cli, ['explain', 'gmail.com', '--allow', 'domain.com', '--bundle', files[0]!.name, '--dns', 'gmail.com.zone', '--dns', 'domain.com.zone'], { cwd: dir }).stdout.match(HOST_LINES) ?? [];
      expect(hostLines.join('\n')).toMatch(/^read as: MTA /);
      const shown = (await textOf(page, '#panel-answer')).replace(/\s+/g, ' ');
      for (const line of hostLines) expect(shown).toContain(line.replace(/\s+/g, ' '));
      await page.screenshot({ path: join(ROOT, 'web/screenshots/bundle-drop.png'), fullPage: true });
      await page.close();
    });
  });
}
