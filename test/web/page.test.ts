// The web page in a real browser (headless Chromium): it gives the CLI's answer. The demo,
// every golden `explain` case pasted into the form, a paste with unreadable parts, a link that
// carries the inputs; and through all of them, not one request leaves the page. A screenshot
// per golden case goes to web/screenshots/ (gitignored) for review.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, removeCli, ROOT, runCli } from '../golden/bundle.js';
import { buildPage, fillAndExplain, launch, openTab, removePage, textOf, waitForAnswer, whyNoBrowser } from './support/browser.js';
import { commandForFixture, HOST_LINES, parseCommandLine, stateForCommand, type CommandLine } from './support/cases.js';
import { emptyState } from '../../src/web/page-state.js';
import type { PageContext } from './support/context.js';
import { describeServedAndCopy } from './support/served-suite.js';
import { describeBundleDrop } from './support/bundle-suite.js';
import { describeLargeLinks } from './support/link-suite.js';
import { describeKeyboard } from './support/keyboard-suite.js';

const noBrowser = whyNoBrowser();
if (noBrowser) console.warn(`test/web skipped: ${noBrowser}`);

const GOLDEN = join(ROOT, 'test/golden');
const SHOTS = join(ROOT, 'web/screenshots');
// `ip route` and `ip -6 route` of the mailcow host (as in test/analyses/explain/container-routes.test.ts)
const CONTAINER_ROUTES = 'default via 192.0.2.254 dev eth0 proto static\n192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.1\n198.51.100.0/26 dev br-mailcow proto kernel scope link src 198.51.100.1\n2001:db8:c0::/64 dev br-mailcow proto kernel metric 256 pref medium\ndefault via 2001:db8:1::fe dev eth0 metric 1024 pref medium\n';
const readIfExists = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');
const goldenCases = readdirSync(GOLDEN)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => ({ name: f.replace(/\.txt$/, ''), line: parseCommandLine(readFileSync(join(GOLDEN, f), 'utf8').split('\n')[0]!) }));
const pasted = goldenCases.map((c) => ({ ...c, page: stateForCommand(ROOT, c.line) }));
for (const c of pasted) if ('skip' in c.page) console.warn(`test/web: golden case ${c.name} not pasted: ${c.page.skip}`);
const explainCases = pasted.flatMap((c) => ('state' in c.page ? [{ name: c.name, line: c.line, state: c.page.state }] : []));
// the container cases have no golden transcript yet: their fixtures (the MTA in a container, --oif) are pasted too
const containerFixtures = readdirSync(join(ROOT, 'fixtures')).filter((n) => /"mtaContainer"/.test(readIfExists(join(ROOT, 'fixtures', n, 'expected.json'))));
for (const name of containerFixtures) {
  const line = commandForFixture(ROOT, name);
  const page = stateForCommand(ROOT, line);
  if ('state' in page) explainCases.push({ name: `fixture ${name}`, line, state: page.state });
  // and without --oif, with the host's `ip route` and `ip -6 route` pasted: the out-interface comes from the routes
  const routed: CommandLine = { args: line.args.filter((a, i) => a !== '--oif' && line.args[i - 1] !== '--oif'), stdinText: CONTAINER_ROUTES };
  const again = stateForCommand(ROOT, routed);
  if ('state' in again) explainCases.push({ name: `fixture ${name} with routes pasted`, line: routed, state: again.state });
}


describe.skipIf(noBrowser !== undefined)('the web page in Chromium', () => {
  let browser: Browser;
  let dir = '';
  let cli = '';
  let page: Page;
  const outside: string[] = [];
  const url = (): string => `file://${dir}/index.html`;
  const cliBundle = (): string => cli;
  // what the suites in support/ share (filled before any of them runs)
  const ctx = { outside } as PageContext;

  beforeAll(async () => {
    dir = buildPage(ROOT);
    cli = await buildCli();
    browser = await launch();
    Object.assign(ctx, { browser, dir, cli });
    page = await openTab(browser, outside);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) removePage(dir);
    await removeCli();
  });

  it('index.html#demo analyses the bundled example on load and shows what `explain gmail.com --demo --json` prints', async () => {
    await page.goto(`${url()}#demo`);
    await waitForAnswer(page);
    const expected = runCli(cli, ['explain', 'gmail.com', '--demo', '--json']);
    expect(expected.code).toBe(0);
    expect(await textOf(page, '#json')).toBe(expected.stdout);
    expect(await textOf(page, '#verdict')).toBe(JSON.parse(expected.stdout).answer);
    await page.screenshot({ path: join(SHOTS, 'demo.png'), fullPage: true });
  });

  it('an evidence line links to its line in the paste, which gets the focus', async () => {
    const link = await page.$('.finding .line-link, .suspects .line-link');
    expect(link).not.toBeNull();
    const [origin, line] = await link!.evaluate((a) => [a.getAttribute('data-origin'), Number(a.getAttribute('data-line'))] as const);
    await link!.click();
    const focused = await page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent ?? '' }));
    expect(focused.id).toMatch(new RegExp(`-L${line}$`));
    const source = origin === 'serverfault-930157.txt' ? readFileSync(join(ROOT, 'fixtures/demo', origin), 'utf8') : '';
    expect(focused.text).toBe(source.split('\n')[line - 1]);
  });

  it('the JSON tab is reached with the arrow keys, and every field has a label', async () => {
    await page.focus('#tab-answer');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => [document.activeElement?.id, document.getElementById('panel-json')!.hidden, document.getElementById('panel-answer')!.hidden])).toEqual(['tab-json', false, true]);
    await page.keyboard.press('ArrowLeft');
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')].filter((el) => (el as HTMLInputElement).labels?.length === 0).map((el) => el.id));
    expect(unlabelled).toEqual([]);
  });

  it('fits a phone-sized screen without sideways scrolling', async () => {
    await page.setViewport({ width: 375, height: 740, isMobile: true });
    await page.goto(`${url()}#demo`);
    await waitForAnswer(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(SHOTS, 'demo-phone.png') });
    await page.setViewport({ width: 1100, height: 900 });
  });

  it('follows the system’s light or dark preference', async () => {
    const colours = async (scheme: 'light' | 'dark'): Promise<string[]> => {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      return page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
    };
    const light = await colours('light');
    await page.screenshot({ path: join(SHOTS, 'demo-light.png'), fullPage: true });
    const dark = await colours('dark');
    await page.screenshot({ path: join(SHOTS, 'demo-dark.png'), fullPage: true });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    expect(light).toEqual(['rgb(253, 253, 252)', 'rgb(27, 27, 27)']);
    expect(dark).toEqual(['rgb(19, 20, 22)', 'rgb(232, 232, 230)']);
  });

  it('pastes every `explain` golden (nft, Postfix and container ones included) but the demo (its own test) and the one naming a missing file', () => {
    const explainGoldens = goldenCases.filter((c) => c.line.args[0] === 'explain').map((c) => c.name);
    expect(explainGoldens.filter((n) => !explainCases.some((c) => c.name === n))).toEqual(['demo', 'missing-file']);
    expect(explainCases.map((c) => c.name)).toEqual(expect.arrayContaining(['nft-accept-not-final', 'nft-ipv4-only-match', 'nft-firewalld', 'nft-native-tables-present', 'postfix-fallback-relay', 'postfix-transport-maps', 'fixture mailcow-docker28-container', 'fixture mailcow-docker28-container with routes pasted']));
  });

  it.each(explainCases)('case $name pasted into the form gives the CLI’s JSON (or its refusal)', async (c) => {
    await page.goto(url());
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await fillAndExplain(page, c.state);
    const stdin = c.line.stdinText !== undefined ? { stdin: c.line.stdinText } : c.line.stdinFile === undefined ? {} : { stdin: readFileSync(join(ROOT, c.line.stdinFile), 'utf8') };
    const expected = runCli(cli, [...c.line.args, '--json'], stdin);
    await page.screenshot({ path: join(SHOTS, `${c.name}.png`), fullPage: true });
    if (expected.code === 2) {
      expect(await textOf(page, '#message')).toBe(expected.stderr.trim());
      return;
    }
    expect(expected.code).toBe(0);
    expect(await textOf(page, '#json')).toBe(expected.stdout);
    // "read as: MTA …" and "out of eth0 (route: …)", where the CLI says them, the page says too
    const hostLines = runCli(cli, c.line.args, stdin).stdout.match(HOST_LINES) ?? [];
    const shown = (await textOf(page, '#panel-answer')).replace(/\s+/g, ' ');
    for (const line of hostLines) expect(shown).toContain(line.replace(/\s+/g, ' '));
    if (c.name.endsWith('with routes pasted')) expect(hostLines).toEqual(['out of eth0 (route: default via 2001:db8:1::fe dev eth0 metric 1024 pref medium)', 'out of eth0 (route: default via 192.0.2.254 dev eth0 proto static)']);
    // the link the page wrote into the address bar reproduces the analysis in a fresh tab
    const link = page.url();
    expect(link).toMatch(/#s=/);
    const again = await openTab(browser, outside);
    await again.goto(link);
    await waitForAnswer(again);
    expect(await textOf(again, '#json')).toBe(expected.stdout);
    await again.close();
  });

  it('a paste with unreadable parts shows each diagnostic, linked to its line; an unreadable ruleset shows the CLI’s refusal', async () => {
    const text = ['*filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -p tcp --dport -j DROP', 'COMMIT', 'Chain INPUT (policy ACCEPT)', 'this is not a rule', ''].join('\n');
    await page.goto(url());
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await fillAndExplain(page, { ...emptyState(), target: 'gmail.com', inputs: [{ name: 'stdin', kind: 'paste', text }] });
    const expected = runCli(cli, ['explain', 'gmail.com', '--offline', '--json'], { stdin: text });
    expect(await textOf(page, '#json')).toBe(expected.stdout);
    const codes = (JSON.parse(expected.stdout).diagnostics as { code: string; loc?: { line?: number } }[]);
    expect(codes.map((d) => d.code)).toEqual(expect.arrayContaining(['missing-value', 'unrecognised-line']));
    const shown = await page.$$eval('.read-as .diagnostic', (items) => items.map((li) => ({ text: li.textContent ?? '', line: li.querySelector('a')?.getAttribute('data-line') })));
    for (const code of ['missing-value', 'unrecognised-line']) {
      const d = codes.find((x) => x.code === code)!;
      expect(shown.find((s) => s.text.includes(`[${code}]`))?.line).toBe(String(d.loc?.line));
    }

    const garbage = 'hello\nworld\n';
    await fillAndExplain(page, { ...emptyState(), target: 'gmail.com', inputs: [{ name: 'stdin', kind: 'iptables', text: garbage }] });
    const refused = runCli(cli, ['explain', 'gmail.com', '--iptables', '-'], { stdin: garbage });
    expect(refused.code).toBe(2);
    expect(await textOf(page, '#message')).toBe(refused.stderr.trim());
    expect(await page.$$eval('.read-as .diagnostic', (items) => items.length)).toBeGreaterThan(0);
  });

  it('asks DNS-over-HTTPS only after the click, only about the names, and adds the answers as a DNS input', async () => {
    // the answers come from request interception (no network here): 203.0.113.0/24 and 2001:db8::/32 only
    const asked: string[] = [];
    const tab = await browser.newPage();
    await tab.setRequestInterception(true);
    tab.on('request', (request) => {
      const u = new URL(request.url());
      if (u.protocol === 'file:') return void request.continue();
      asked.push(`${u.host}${u.pathname} ${u.searchParams.get('name')} ${u.searchParams.get('type')}`);
      const answers: Record<string, { name: string; type: number; TTL: number; data: string }[]> = {
        'gmail.com MX': [{ name: 'gmail.com', type: 15, TTL: 300, data: '5 mx.gmail.example.' }],
        'mx.gmail.example A': [{ name: 'mx.gmail.example', type: 1, TTL: 300, data: '203.0.113.5' }],
        'mx.gmail.example AAAA': [{ name: 'mx.gmail.example', type: 28, TTL: 300, data: '2001:db8::5' }],
      };
      const body = { Status: 0, Answer: answers[`${u.searchParams.get('name')} ${u.searchParams.get('type')}`] ?? [] };
      void request.respond({ status: 200, contentType: 'application/dns-json', headers: { 'access-control-allow-origin': '*' }, body: JSON.stringify(body) });
    });
    await tab.goto(url());
    await tab.waitForFunction(() => document.body.dataset.state === 'ready');
    await fillAndExplain(tab, { ...emptyState(), target: 'gmail.com', inputs: [{ name: 'fw.save', kind: 'iptables', text: readFileSync(join(ROOT, 'fixtures/ipv6-unfiltered/iptables.save'), 'utf8') }] });
    expect(asked).toEqual([]);
    expect(JSON.parse(await textOf(tab, '#json')).plan.resolver).toBe('offline');
    await tab.focus('#doh');
    await tab.keyboard.press('Enter');
    await tab.waitForFunction(() => /^Added/.test(document.getElementById('doh-status')?.textContent ?? ''));
    expect(asked).toEqual(['cloudflare-dns.com/dns-query gmail.com MX', 'cloudflare-dns.com/dns-query mx.gmail.example A', 'cloudflare-dns.com/dns-query mx.gmail.example AAAA']);
    await tab.evaluate(() => (document.body.dataset.state = 'filled'));
    await tab.focus('#analyse');
    await tab.keyboard.press('Enter');
    await waitForAnswer(tab);
    const report = JSON.parse(await textOf(tab, '#json'));
    expect(report.plan.resolver).toBe('records from DNS-over-HTTPS gmail.com');
    expect(report.attempts.map((a: { address: string }) => a.address)).toEqual(['2001:db8::5', '203.0.113.5']);
    await tab.close();
  });

  it('files opened with the file picker become inputs read as the CLI reads them (main.cf finds master.cf and its table)', async () => {
    const dir = join(ROOT, 'fixtures/postfix-transport-maps');
    await page.goto(url());
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    const picker = (await page.$('input#files')) as ElementHandle<HTMLInputElement>;
    await picker.uploadFile(join(dir, 'iptables.save'), join(dir, 'etc-postfix/main.cf'), join(dir, 'etc-postfix/master.cf'), join(dir, 'etc-postfix/transport'), join(ROOT, 'fixtures/demo/gmail.com.zone'));
    await page.waitForFunction(() => document.querySelectorAll('.input-block').length === 5);
    const kinds = await page.$$eval('.input-block', (blocks) => blocks.map((b) => `${(b.querySelector('.input-name') as HTMLInputElement).value}: ${(b.querySelector('.input-kind') as HTMLSelectElement).value}`));
    expect(kinds).toEqual(['iptables.save: paste', 'main.cf: postfix-config', 'master.cf: file', 'transport: file', 'gmail.com.zone: dns']);
    await page.evaluate(() => {
      const target = document.getElementById('target') as HTMLInputElement;
      target.value = 'user@gmail.com';
      target.dispatchEvent(new Event('input', { bubbles: true }));
      document.body.dataset.state = 'filled';
    });
    await page.focus('#analyse');
    await page.keyboard.press('Enter');
    await waitForAnswer(page);
    const report = JSON.parse(await textOf(page, '#json'));
    expect(report.inputs.map((r: { origin: string; kind: string }) => `${r.origin}: ${r.kind}`).sort()).toEqual(['./master.cf: postfix-master-cf', './transport: postfix-map', 'gmail.com.zone: dns-records', 'iptables.save: iptables-save', 'main.cf: postfix-main-cf']);
    const cli = JSON.parse(runCli(cliBundle(), ['explain', 'user@gmail.com', '--iptables', 'fixtures/postfix-transport-maps/iptables.save', '--postfix-config', 'fixtures/postfix-transport-maps/etc-postfix', '--dns', 'fixtures/demo/gmail.com.zone', '--json']).stdout);
    expect([report.verdict, report.leaksVia, report.findings.map((f: { code: string }) => f.code)]).toEqual([cli.verdict, cli.leaksVia, cli.findings.map((f: { code: string }) => f.code)]);
  });

  describeServedAndCopy(ctx);
  describeBundleDrop(ctx);
  describeLargeLinks(ctx);
  describeKeyboard(ctx);

  it('made no network request in all of the above', () => {
    expect(outside).toEqual([]);
  });
});
