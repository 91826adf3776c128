// The page's inputs go through the CLI's acquisition: the paste is split as stdin is, declared
// inputs are read as their flags read files, and what the CLI refuses the page refuses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquirePageInputs, checkPageTarget } from '../../src/web/page-acquire.js';
import { emptyState, type PageInput } from '../../src/web/page-state.js';
import { InputError } from '../../src/input/errors.js';

const ROOT = join(import.meta.dirname, '../..');
const fx = (path: string): string => readFileSync(join(ROOT, 'fixtures', path), 'utf8');
const state = (inputs: PageInput[]) => ({ ...emptyState(), target: 'gmail.com', inputs });

describe('acquirePageInputs', () => {
  it('splits the paste into sections under the paste’s name, keeping its line numbers', async () => {
    const inputs = await acquirePageInputs(state([{ name: 'from the forum', kind: 'paste', text: fx('demo/serverfault-930157.txt') }]));
    expect(inputs.mode).toBe('pasted');
    expect(inputs.sections.map((s) => [s.origin, s.kind, s.firstLine])).toEqual([['from the forum', 'iptables-listing', 2]]);
  });

  it('reads a declared input as its flag does, and main.cf finds master.cf and the tables by name', async () => {
    const dir = 'fixtures/postfix-transport-maps/etc-postfix';
    const inputs = await acquirePageInputs(state([
      { name: 'fw.save', kind: 'iptables', text: fx('postfix-transport-maps/iptables.save') },
      { name: `${dir}/main.cf`, kind: 'postfix-config', text: fx('postfix-transport-maps/etc-postfix/main.cf') },
      { name: `${dir}/master.cf`, kind: 'file', text: fx('postfix-transport-maps/etc-postfix/master.cf') },
      { name: `${dir}/transport`, kind: 'file', text: fx('postfix-transport-maps/etc-postfix/transport') },
    ]));
    expect(inputs.sections.map((s) => [s.origin, s.kind])).toEqual([
      ['fw.save', 'iptables-save'],
      [`${dir}/main.cf`, 'postfix-main-cf'],
      [`${dir}/master.cf`, 'postfix-master-cf'],
      [`${dir}/transport`, 'postfix-map'],
    ]);
    expect(inputs.problems).toEqual([]);
  });

  it('says which file a configuration names and the page does not hold', async () => {
    const inputs = await acquirePageInputs(state([{ name: 'main.cf', kind: 'postfix-config', text: 'transport_maps = hash:/etc/postfix/transport\n' }]));
    expect(inputs.problems.map((p) => p.what)).toEqual(['./master.cf', './transport']);
    expect(inputs.problems[1]!.message).toMatch(/^cannot read: no such file/);
  });

  it('refuses two pastes, two Exim configurations, and a target that is not a mail domain', async () => {
    await expect(acquirePageInputs(state([{ name: 'a', kind: 'paste', text: 'x' }, { name: 'b', kind: 'paste', text: 'y' }]))).rejects.toBeInstanceOf(InputError);
    await expect(acquirePageInputs(state([{ name: 'a', kind: 'exim-config', text: '' }, { name: 'b', kind: 'exim-config', text: '' }]))).rejects.toThrow(/--exim-config: one input at a time/);
    expect(checkPageTarget('not a domain')).toMatch(/^target "not a domain" is not a mail domain/);
    expect(checkPageTarget('user@gmail.com')).toBeUndefined();
  });

  it('reads a dropped bundle as `--bundle FILE` reads it: named by its file, with DNS beside it and nothing else', async () => {
    const bundle = readFileSync(join(ROOT, 'test/golden/fleet-bundles/web1.bundle'), 'utf8');
    const inputs = await acquirePageInputs(state([{ name: 'web1.bundle', kind: 'paste', text: bundle }, { name: 'gmail.com.zone', kind: 'dns', text: fx('demo/gmail.com.zone') }]));
    expect(inputs.mode).toBe('bundle');
    expect(inputs.sections.find((s) => s.kind === 'iptables-save')?.detectedBy).toMatch(/\(bundle web1\.bundle\)/);
    expect(inputs.sections.map((s) => s.origin)).toContain('gmail.com.zone');
    await expect(acquirePageInputs(state([{ name: 'web1.bundle', kind: 'paste', text: bundle }, { name: 'fw.save', kind: 'iptables', text: fx('mx-not-covered/iptables.save') }]))).rejects.toThrow(/^--bundle cannot be combined with --iptables/);
  });
});
