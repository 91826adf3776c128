// One headless Chromium (Debian's, driven by puppeteer-core: nothing is downloaded) for all the
// page's tests, the page built into a temporary folder, and the helpers that use the page as a
// person does: fill the fields, press Explain, read the answer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { PageState } from '../../../src/web/page-state.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function whyNoBrowser(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

export function buildPage(root: string): string {
  const out = mkdtempSync(join(tmpdir(), 'mailleak-web-'));
  const r = spawnSync(process.execPath, [join(root, 'scripts/build-web.mjs'), out], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build-web failed: ${r.stderr}`);
  return out;
}

export function removePage(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function launch(): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new'] });
}

/** A new tab whose every request that is not one of the page's own files is recorded and refused. */
export async function openTab(browser: Browser, outside: string[]): Promise<Page> {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('file://') || url.startsWith('data:')) void request.continue();
    else {
      outside.push(url);
      void request.abort();
    }
  });
  page.on('pageerror', (err) => outside.push(`page error: ${err instanceof Error ? err.message : String(err)}`));
  return page;
}

export async function waitForAnswer(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === 'done', { timeout: 15_000 });
}

/** Types the state into the form (values set as a paste sets them) and presses Explain. */
export async function fillAndExplain(page: Page, state: PageState): Promise<void> {
  await page.evaluate((s: PageState) => {
    const set = (el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void => {
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    };
    const byId = (id: string): HTMLInputElement => document.getElementById(id) as HTMLInputElement;
    set(byId('target'), s.target);
    set(byId('allow'), s.allow.join(', '));
    for (const [id, value] of [['oif', s.oif], ['src', s.src], ['uid', s.uid], ['gid', s.gid], ['mta-container', s.mtaContainer.join(', ')]] as const) set(byId(id), value);
    set(document.getElementById('family') as HTMLSelectElement, s.family);
    for (const old of document.querySelectorAll('.input-block .remove')) (old as HTMLButtonElement).click();
    s.inputs.forEach((input) => {
      (document.getElementById('add-input') as HTMLButtonElement).click();
      const block = [...document.querySelectorAll('.input-block')].pop()!;
      set(block.querySelector('.input-name') as HTMLInputElement, input.name);
      set(block.querySelector('.input-kind') as HTMLSelectElement, input.kind);
      set(block.querySelector('.input-text') as HTMLTextAreaElement, input.text);
    });
    document.body.dataset.state = 'filled';
  }, state);
  // pressed from the keyboard, as a keyboard-only user would
  await page.focus('#analyse');
  await page.keyboard.press('Enter');
  await waitForAnswer(page);
}

export async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => el.textContent ?? '');
}
