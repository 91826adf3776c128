// The URL fragment that carries the page's state: a state comes back as it went in, a link that
// is cut or forged gives no state, and inputs too large for an address get no link at all.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, linkForState, MAX_FRAGMENT_CHARS } from '../../src/web/fragment.js';
import { emptyState, type PageState } from '../../src/web/page-state.js';

const state = (text: string): PageState => ({ ...emptyState(), target: 'gmail.com', allow: ['domain.com'], oif: 'eth0', inputs: [{ name: 'fw.save', kind: 'iptables', text }] });

describe('the state in the URL fragment', () => {
  it('comes back as it went in', async () => {
    const s = state('*filter\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n');
    expect(await decodeState(`#${await encodeState(s)}`)).toEqual(s);
  });

  it('a cut link or a forged one gives no state, never an exception', async () => {
    const fragment = await encodeState(state('*filter\nCOMMIT\n'.repeat(50)));
    expect(await decodeState(`#${fragment.slice(0, fragment.length / 2)}`)).toBeUndefined();
    expect(await decodeState('#s=not-base64!')).toBeUndefined();
    expect(await decodeState('#demo')).toBeUndefined();
  });

  it('inputs that compress past the limit get no link, and the length is told', async () => {
    expect((await linkForState(state('x'))).kind).toBe('link');
    const big = await linkForState(state(randomBytes(900_000).toString('base64')));
    expect(big.kind).toBe('too-large');
    if (big.kind === 'too-large') expect(big.chars).toBeGreaterThan(MAX_FRAGMENT_CHARS);
  });
});
