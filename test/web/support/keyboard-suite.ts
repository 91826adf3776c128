// The page used with the keyboard only, as a screen reader user would: Tab from the top of the
// page through the whole form to Explain, Enter, and on into the answer; every control on the way
// (and every one the demo's answer adds) has an accessible name in Chromium's accessibility tree.
import type { Page, SerializedAXNode } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../golden/bundle.js';
import { openTab, textOf, waitForAnswer } from './browser.js';
import { pageUrl, type PageContext } from './context.js';

const TYPED = '*filter\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset\nCOMMIT\n';
const INTERACTIVE = new Set(['button', 'link', 'textbox', 'combobox', 'listbox', 'checkbox', 'radio', 'tab', 'tabpanel', 'menuitem', 'searchbox', 'spinbutton', 'DisclosureTriangle']);

/** What has the focus: its id, else its tag and class, and the name Chromium gives it. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    return el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}${el.className ? `.${el.className.split(' ')[0]}` : ''}`;
  });
}

/** Presses Tab until `stop` has the focus (at most `limit` times); returns what had it on the way. */
async function tabUntil(page: Page, stop: (at: string) => boolean, onEach: (at: string) => Promise<void> = async () => {}, limit = 60): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const at = await focused(page);
    seen.push(at);
    await onEach(at);
    if (stop(at)) return seen;
  }
  throw new Error(`Tab never reached the stop: ${seen.join(' ')}`);
}

/** The interactive nodes of the accessibility tree, as `role: name`. */
function controls(node: SerializedAXNode | null, out: string[] = []): string[] {
  if (!node) return out;
  if (INTERACTIVE.has(node.role)) out.push(`${node.role}: ${(node.name ?? '').trim()}`);
  for (const child of node.children ?? []) controls(child, out);
  return out;
}

export function describeKeyboard(ctx: PageContext): void {
  describe('keyboard only, and names for screen readers', () => {
    let page: Page;
    beforeAll(async () => {
      page = await openTab(ctx.browser, ctx.outside);
    });
    afterAll(async () => {
      await page?.close();
    });

    it('Tab goes through the whole form to Explain; Enter gives the CLI’s answer and the focus; Tab goes on into it', async () => {
      await page.goto(pageUrl(ctx));
      await page.waitForFunction(() => document.body.dataset.state === 'ready');
      const typeOver = async (text: string): Promise<void> => {
        await page.keyboard.down('Control');
        await page.keyboard.press('a');
        await page.keyboard.up('Control');
        await page.keyboard.type(text);
      };
      const form = await tabUntil(
        page,
        (at) => at === '#analyse',
        async (at) => {
          if (at === '#target') await page.keyboard.type('gmail.com');
          if (/^#input-\d+-name$/.test(at)) await typeOver('stdin');
          if (/^#input-\d+-text$/.test(at)) await page.keyboard.type(TYPED);
        },
      );
      expect(form.map((at) => at.replace(/-\d+-/, '-N-'))).toEqual(['a.skip', '#target', '#allow', '#input-N-name', '#input-N-kind', '#input-N-text', 'button.remove', '#add-input', '#files', 'summary', '#doh', '#analyse']);
      await page.keyboard.press('Enter');
      await waitForAnswer(page);
      expect(await focused(page)).toBe('#result');
      const expected = runCli(ctx.cli, ['explain', 'gmail.com', '--offline', '--json'], { stdin: TYPED });
      expect(expected.code).toBe(0);
      expect(await textOf(page, '#json')).toBe(expected.stdout);
      const answer = await tabUntil(page, (at) => at === '#copy-json');
      expect(answer.slice(0, 2)).toEqual(['#tab-answer', '#panel-answer']);
      expect(answer).toContain('#copy-text');
    });

    it('every control of the form and of the demo’s answer has an accessible name', async () => {
      await page.goto(`${pageUrl(ctx)}#demo`);
      await waitForAnswer(page);
      await page.evaluate(() => document.querySelector('details')!.setAttribute('open', ''));
      const tree = await page.accessibility.snapshot({ interestingOnly: false });
      const all = controls(tree);
      expect(all.filter((c) => c.endsWith(': '))).toEqual([]);
      // the controls it must name at least (and the links: the skip link, the demo's evidence lines)
      for (const c of ['textbox: Mail domain or address', 'button: Explain', 'button: Copy answer as text', 'button: Copy JSON', 'tab: Answer', 'tab: JSON', 'combobox: Read as', 'textbox: Text']) expect(all).toContain(c);
      expect(all.filter((c) => c.startsWith('link: ')).length).toBeGreaterThanOrEqual(2);
    });
  });
}
