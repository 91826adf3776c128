// `mailleak web` serving the page on loopback (every request stays on 127.0.0.1, nothing outside
// web/dist is served), and the copy buttons: through the Clipboard API where the page may use it
// (the served page, permissions granted as a user grants them), and the page's own fallback
// where the browser refuses to copy (as some do for a page opened from file://).
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../golden/bundle.js';
import { textOf, waitForAnswer } from './browser.js';
import { pageUrl, type PageContext } from './context.js';
import { serveWithCli, stopServed, type Served } from './served.js';

/** A raw GET (or other method), the path sent exactly as written: no URL normalisation on the way. */
function rawRequest(origin: string, path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export function describeServedAndCopy(ctx: PageContext): void {
  describe('`mailleak web` and the copy buttons', () => {
    let served: Served | undefined;
    let tab: Page;
    const requested: string[] = [];

    beforeAll(async () => {
      served = await serveWithCli(ROOT, ctx.dir);
      // secrets beside and above web/dist: what a path escaping the folder would reach
      writeFileSync(join(served.home, 'web/secret.txt'), 'outside web/dist\n');
      writeFileSync(join(served.home, 'secret.txt'), 'outside web/dist\n');
      await ctx.browser.defaultBrowserContext().overridePermissions(served.origin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
      tab = await ctx.browser.newPage();
      await tab.setRequestInterception(true);
      tab.on('request', (r) => {
        requested.push(r.url());
        if (r.url().startsWith(`${served!.origin}/`) || r.url().startsWith('data:')) void r.continue();
        else void r.abort();
      });
      tab.on('pageerror', (err) => requested.push(`page error: ${String(err)}`));
    });
    afterAll(async () => {
      await tab?.close();
      await ctx.browser.defaultBrowserContext().clearPermissionOverrides();
      expect(await stopServed(served)).toBe(0);
    });

    it('serves the page on loopback: index.html#demo gives the CLI’s answer, and no request leaves 127.0.0.1', async () => {
      await tab.goto(`${served!.origin}/#demo`);
      await waitForAnswer(tab);
      expect(await textOf(tab, '#json')).toBe(runCli(ctx.cli, ['explain', 'gmail.com', '--demo', '--json']).stdout);
      expect(requested.length).toBeGreaterThanOrEqual(3);
      expect(requested.filter((u) => !u.startsWith(`${served!.origin}/`))).toEqual([]);
      const index = await rawRequest(served!.origin, '/');
      expect([index.status, index.body.includes('<title>mailleak')]).toEqual([200, true]);
    });

    it.each(['/../secret.txt', '/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/index.html%00.js', '//../secret.txt'])(
      'refuses %s: nothing outside web/dist is served',
      async (path) => {
        const r = await rawRequest(served!.origin, path);
        expect(r).toEqual({ status: 404, body: 'not found\n' });
      },
    );

    it('answers only GET and HEAD', async () => {
      expect((await rawRequest(served!.origin, '/index.html', 'POST')).status).toBe(405);
      expect((await rawRequest(served!.origin, '/index.html', 'HEAD')).status).toBe(200);
    });

    it('"Copy answer as text" and "Copy JSON" put what `explain --demo` prints on the clipboard', async () => {
      await tab.bringToFront();
      const clipboard = (): Promise<string> => tab.evaluate(() => navigator.clipboard.readText());
      await tab.click('#copy-text');
      await tab.waitForFunction(() => document.getElementById('copy-status')?.textContent === 'Copied.');
      expect(await clipboard()).toBe(runCli(ctx.cli, ['explain', 'gmail.com', '--demo']).stdout);
      await tab.evaluate(() => (document.getElementById('copy-status')!.textContent = ''));
      await tab.click('#copy-json');
      await tab.waitForFunction(() => document.getElementById('copy-status')?.textContent === 'Copied.');
      expect(await clipboard()).toBe(runCli(ctx.cli, ['explain', 'gmail.com', '--demo', '--json']).stdout);
      expect(await tab.$('#copy-status-fallback')).toBeNull();
    });

    it('from file://, this Chromium lets the page copy: it says so and shows no fallback box', async () => {
      const local = await ctx.browser.newPage();
      await local.goto(`${pageUrl(ctx)}#demo`);
      await waitForAnswer(local);
      await local.click('#copy-text');
      await local.waitForFunction(() => document.getElementById('copy-status')?.textContent === 'Copied.');
      expect(await local.$('#copy-status-fallback')).toBeNull();
      await local.close();
    });

    it('where the browser refuses to copy (file://), the page says so and offers the text selected in a labelled box', async () => {
      const refusing = await ctx.browser.newPage();
      // a browser that allows neither the Clipboard API nor the selection copy to this page
      await refusing.evaluateOnNewDocument(() => {
        Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) } });
        document.execCommand = () => false;
      });
      await refusing.goto(`${pageUrl(ctx)}#demo`);
      await waitForAnswer(refusing);
      await refusing.click('#copy-json');
      await refusing.waitForSelector('#copy-status-fallback-text', { visible: true });
      const state = await refusing.evaluate(() => {
        const box = document.getElementById('copy-status-fallback-text') as HTMLTextAreaElement;
        return { status: document.getElementById('copy-status')?.textContent, focused: document.activeElement === box, value: box.value, selected: [box.selectionStart, box.selectionEnd], label: box.labels?.[0]?.textContent };
      });
      const json = runCli(ctx.cli, ['explain', 'gmail.com', '--demo', '--json']).stdout;
      expect(state.status).toMatch(/did not let the page copy.*selected in the box below: press Ctrl\+C/);
      expect(state).toMatchObject({ focused: true, value: json, selected: [0, json.length] });
      expect(state.label).toMatch(/text to copy/);
      // the buttons, the status line and the box, for review
      const clip = await refusing.evaluate(() => {
        const top = document.getElementById('copy-status')!.parentElement!.getBoundingClientRect();
        const box = document.getElementById('copy-status-fallback')!.getBoundingClientRect();
        return { x: top.x, y: top.y + window.scrollY, width: Math.max(top.width, box.width), height: box.bottom - top.top };
      });
      await refusing.screenshot({ path: join(ROOT, 'web/screenshots/copy-refused.png'), clip, captureBeyondViewport: true });
      await refusing.close();
    });
  });
}
