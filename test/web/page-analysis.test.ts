// The page's --sender field: passed to the analysis as the CLI's flag is, refused as the CLI refuses it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysePage } from '../../src/web/page-analysis.js';
import { emptyState, type PageState } from '../../src/web/page-state.js';
import { decodeState, encodeState } from '../../src/web/fragment.js';

const ROOT = join(import.meta.dirname, '../..');
const fx = (path: string): string => readFileSync(join(ROOT, 'fixtures', path), 'utf8');
const dir = 'fixtures/postfix-transport-maps/etc-postfix';
const base = (): PageState => ({
  ...emptyState(),
  target: 'user@gmail.com',
  inputs: [
    { name: 'fw.save', kind: 'iptables', text: fx('postfix-transport-maps/iptables.save') },
    { name: `${dir}/main.cf`, kind: 'postfix-config', text: fx('postfix-transport-maps/etc-postfix/main.cf') },
    { name: `${dir}/master.cf`, kind: 'file', text: fx('postfix-transport-maps/etc-postfix/master.cf') },
    { name: `${dir}/transport`, kind: 'file', text: fx('postfix-transport-maps/etc-postfix/transport') },
    { name: 'gmail.com.zone', kind: 'dns', text: fx('demo/gmail.com.zone') },
  ],
});

describe('the page\'s sender field', () => {
  it('a sender is planned with, as --sender; not given, nothing is said about it', async () => {
    const given = await analysePage({ ...base(), sender: 'alerts@mail.example' });
    expect(given.kind === 'report' && given.report.plan.assumptions).toContainEqual(expect.stringMatching(/^the envelope sender is alerts@mail\.example \(given\)/));
    const none = await analysePage(base());
    expect(none.kind === 'report' && none.report.plan.assumptions.some((a) => /envelope sender/.test(a))).toBe(false);
  });

  it('a sender that is not an address is refused with the CLI\'s words; the fragment keeps the field', async () => {
    expect(await analysePage({ ...base(), sender: 'not an address' })).toEqual({ kind: 'refused', message: '--sender "not an address" is not a mail address (e.g. alerts@example.com, or <> for the null sender)' });
    const state = { ...base(), sender: '<>' };
    expect((await decodeState(await encodeState(state)))?.sender).toBe('<>');
  });
});
