// What the suites of the page's test share: one Chromium, the page built once into a folder,
// the CLI bundle that gives the expected answers, and the list of requests that left the page.
import type { Browser } from 'puppeteer-core';

export interface PageContext {
  browser: Browser;
  /** the built page (index.html, mailleak-web.js, style.css) */
  dir: string;
  /** the CLI bundle (test/golden/bundle.ts) */
  cli: string;
  /** every request that was neither the page's own file nor data:, and every page error */
  outside: string[];
}

export const pageUrl = (ctx: PageContext): string => `file://${ctx.dir}/index.html`;
