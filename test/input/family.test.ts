import { describe, expect, it } from 'vitest';
import { countAddresses, detectFamily } from '../../src/input/family.js';

describe('countAddresses', () => {
  const text = ['-A OUTPUT -d 2001:db8::25/128 -j DROP', '-A OUTPUT -d 192.0.2.25/32 -j DROP', '-A OUTPUT -p ipv6-icmp -j ACCEPT'].join('\n');

  it('counts every address of each family, with the first of each as its example', () => {
    expect(countAddresses(text)).toEqual({ v4: 1, v6: 2, example6: '2001:db8::25/128', example4: '192.0.2.25/32' });
  });

  it('stops at the line after which `enough` holds: the rest of a huge list is never split', () => {
    expect(countAddresses(text, (c) => c.v6 > 0)).toEqual({ v4: 0, v6: 1, example6: '2001:db8::25/128' });
  });

  it('a 100,000-line IPv6 deny list gives its family from the first lines, and both families still say both', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `-A DENYOUT -d 2001:db8::${(i + 1).toString(16)}/128 -j DROP`);
    expect(detectFamily('iptables-save', lines.join('\n'), undefined, undefined, undefined)).toEqual({ family: 6, reason: 'addresses are IPv6 (2001:db8::1/128)' });
    expect(detectFamily('iptables-save', [...lines, '-A DENYOUT -d 192.0.2.1/32 -j DROP'].join('\n'), undefined, undefined, undefined).reason).toBe('addresses of both families (192.0.2.1/32, 2001:db8::1/128)');
  });
});
