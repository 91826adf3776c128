// The link that carries the inputs in the URL fragment, at scale: a 5,000-rule iptables-save
// (half a megabyte) still round-trips through the compressed fragment; inputs too large for any
// browser's address bar leave no fragment, and the page says so plainly.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FRAGMENT_CHARS } from '../../../src/web/fragment.js';
import { emptyState, type PageState } from '../../../src/web/page-state.js';
import { ROOT, runCli } from '../../golden/bundle.js';
import { fillAndExplain, openTab, textOf, waitForAnswer } from './browser.js';
import { pageUrl, type PageContext } from './context.js';

/** An iptables-save of `count` OUTPUT rules (test addresses only), and port 25 rejected at the end. */
function bigSave(count: number): string {
  const lines = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
  const nets = ['192.0.2', '198.51.100', '203.0.113'];
  for (let i = 0; i < count; i++) lines.push(`-A OUTPUT -d ${nets[i % 3]}.${(i % 250) + 1}/32 -p tcp -m tcp --dport ${1024 + i} -m comment --comment "rule ${i}" -j ${i % 7 === 0 ? 'DROP' : 'ACCEPT'}`);
  lines.push('-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset', 'COMMIT', '');
  return lines.join('\n');
}

export function describeLargeLinks(ctx: PageContext): void {
  describe('links for large inputs', () => {
    let dir = '';
    let page: Page;
    const save = bigSave(5000);
    const zone = (): string => join(ROOT, 'fixtures/demo/gmail.com.zone');
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'mailleak-big-'));
      writeFileSync(join(dir, 'big.save'), save);
      copyFileSync(zone(), join(dir, 'gmail.com.zone'));
      page = await openTab(ctx.browser, ctx.outside);
    });
    afterAll(async () => {
      await page?.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const state = (extra: { name: string; text: string }[] = []): PageState => ({
      ...emptyState(),
      target: 'gmail.com',
      inputs: [{ name: 'big.save', kind: 'iptables', text: save }, { name: 'gmail.com.zone', kind: 'dns', text: readFileSync(zone(), 'utf8') }, ...extra.map((e) => ({ ...e, kind: 'file' as const }))],
    });

    it('a 5,000-rule iptables-save round-trips through the compressed fragment: the link gives the same answer', async () => {
      await page.goto(pageUrl(ctx));
      await page.waitForFunction(() => document.body.dataset.state === 'ready');
      await fillAndExplain(page, state());
      const expected = runCli(ctx.cli, ['explain', 'gmail.com', '--iptables', 'big.save', '--dns', 'gmail.com.zone', '--json'], { cwd: dir });
      expect(expected.code).toBe(0);
      expect(await textOf(page, '#json')).toBe(expected.stdout);
      const link = page.url();
      const fragment = link.slice(link.indexOf('#') + 1);
      expect(fragment).toMatch(/^s=/);
      // half a megabyte of rules in about a tenth of that
      console.log(`test/web: a 5,000-rule iptables-save (${save.length} characters) is a fragment of ${fragment.length} characters`);
      expect(fragment.length).toBeLessThan(MAX_FRAGMENT_CHARS);
      expect(await textOf(page, '#link-status')).toBe('');
      const again = await openTab(ctx.browser, ctx.outside);
      await again.goto(link);
      await waitForAnswer(again);
      expect(await textOf(again, '#json')).toBe(expected.stdout);
      await again.close();
    });

    it('inputs too large for a link leave no fragment (not even the last one), and the page says so plainly', async () => {
      expect(page.url()).toMatch(/#s=/);
      // 900 kB of random bytes as base64: nothing compresses them below the limit
      await fillAndExplain(page, state([{ name: 'noise.txt', text: randomBytes(900_000).toString('base64') }]));
      expect(page.url()).not.toMatch(/#/);
      const said = await textOf(page, '#link-status');
      expect(said).toMatch(/^These inputs are too large for a link: compressed they take [\d,]+ characters, and browsers keep at most 1,000,000 in an address\./);
      await page.evaluate(() => (document.getElementById('link-status')!.textContent = ''));
      await page.click('#copy-link');
      await page.waitForFunction(() => /too large for a link/.test(document.getElementById('link-status')?.textContent ?? ''));
      // the answer itself is still given
      expect(JSON.parse(await textOf(page, '#json')).target).toBe('gmail.com');
    });
  });
}
