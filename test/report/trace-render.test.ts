import { describe, expect, it } from 'vitest';
import { tracePacket } from '../../src/firewall/simulate/trace.js';
import { createPalette, decideColor } from '../../src/report/color.js';
import { buildTraceJson } from '../../src/report/trace-json.js';
import { renderTraceText } from '../../src/report/trace-text.js';
import * as b from '../firewall/simulate/build.js';
import { diagnostic } from '../../src/diagnostics.js';

const rs = b.ruleset({
  filter: {
    OUTPUT: { policy: 'DROP', rules: [[[b.dport(80)], b.ACCEPT], [[b.oif('lo', true)], b.jump('LOCALOUTPUT')], [[b.uidOwner(101)], b.ACCEPT]] },
    LOCALOUTPUT: { bodyKnown: false },
  },
});
const packet = b.packet({ to: '192.0.2.25', port: 25 });
const plain = createPalette(false);

describe('text trace', () => {
  const result = tracePacket(rs, packet);
  const text = renderTraceText({ result, packet, ruleset: rs, diagnostics: [diagnostic('unrecognised-line', {}, { origin: 'rules.save', line: 4, text: '-A OUTPUT -j ODD' })], palette: plain });
  it('prints one line per step, kernel-TRACE style, with results marked', () => {
    expect(text).toContain('· filter:OUTPUT:rule:1 → ACCEPT');
    expect(text).toContain('✓ filter:OUTPUT:rule:2 → LOCALOUTPUT');
    expect(text).toMatch(/\? filter:OUTPUT:rule:3 → ACCEPT {2}\(.*--uid/);
    expect(text).toContain('✓ filter:OUTPUT:policy:DROP');
  });
  it('says what the answer depends on, with the command to run, and the diagnostics', () => {
    expect(text).toContain('verdict: UNKNOWN (possible: ACCEPT, DROP, REJECT)');
    expect(text).toContain('run: iptables -L LOCALOUTPUT -n -v --line-numbers');
    expect(text).toContain('rules.save:4: warning: this line is not part of an iptables listing and was skipped [unrecognised-line]');
    expect(text).not.toMatch(/\u001b\[/);
  });
  it('names the deciding rule with its original line and counters', () => {
    const counted = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[b.dport(25)], b.ACCEPT]] } } });
    counted.tables[0]!.chains[0]!.rules[0]!.counters = { packets: 69, bytes: 16484, approx: false, text: '69 16484' };
    const out = renderTraceText({ result: tracePacket(counted, packet), packet, ruleset: counted, diagnostics: [], palette: plain });
    expect(out).toContain('verdict: ACCEPT');
    expect(out).toContain('decided by filter:OUTPUT:rule:1 (test:1, counters 69 packets 16484 bytes)');
    expect(out).toContain('    -A OUTPUT rule 1');
  });
});

describe('JSON trace', () => {
  it('has the fields other tools rely on', () => {
    const json = buildTraceJson({ result: tracePacket(rs, packet), packet, diagnostics: [] }) as { verdict: string; decidedBy: unknown; path: Record<string, unknown>[]; uncertain: unknown[] };
    expect(json.verdict).toBe('UNKNOWN');
    expect(json.decidedBy).toBeNull();
    expect(json.path[0]).toMatchObject({ table: 'filter', chain: 'OUTPUT', rule: 1, result: 'no-match', target: 'ACCEPT', line: 1 });
    expect(json.path.at(-1)).toMatchObject({ rule: null, policy: true, target: 'DROP' });
    expect(json.uncertain).toHaveLength(2);
  });
});

describe('colour decision', () => {
  it('honours --no-color, NO_COLOR, FORCE_COLOR and the terminal, in that order', () => {
    expect(decideColor({ colorOption: false, env: { FORCE_COLOR: '1' }, isTTY: true })).toBe(false);
    expect(decideColor({ env: { NO_COLOR: '1', FORCE_COLOR: '1' }, isTTY: true })).toBe(false);
    expect(decideColor({ env: { NO_COLOR: '' }, isTTY: true })).toBe(true);
    expect(decideColor({ env: { FORCE_COLOR: '0' }, isTTY: true })).toBe(false);
    expect(decideColor({ env: { FORCE_COLOR: '1' }, isTTY: false })).toBe(true);
    expect(decideColor({ env: {}, isTTY: false })).toBe(false);
    expect(createPalette(true).good('x')).toContain('\u001b[');
  });
});
