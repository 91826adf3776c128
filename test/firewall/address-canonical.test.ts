// formatIp's own text of an address is recognised without parsing it (address-canonical.ts): such
// text is then used as it is, as a set element's network and as a hash key, so the test must hold
// exactly: canonical ⇔ formatIp(parseIp(text)) === text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIp, parseCidr, parseIp } from '../../src/firewall/address.js';
import { isCanonicalIpv4, isCanonicalIpv6 } from '../../src/firewall/address-canonical.js';

describe('canonical address text', () => {
  it('tells formatIp\'s own IPv6 text from any other writing of an address', () => {
    const word = fc.constantFrom('0', '1', '00', 'db8', '2001', 'DB8', 'ffff', '0db8', '');
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 9 }), fc.option(fc.nat(8)), (groups, at) => {
      const text = at === null ? groups.join(':') : `${groups.slice(0, at).join(':')}::${groups.slice(at).join(':')}`;
      const ip = parseIp(text);
      expect(isCanonicalIpv6(text)).toBe(ip?.family === 6 && formatIp(ip) === text);
    }), { numRuns: 5000 });
    fc.assert(fc.property(fc.bigInt(0n, (1n << 128n) - 1n), fc.nat(128), (value, zeros) => {
      const v = (value >> BigInt(zeros)) << BigInt(zeros);
      expect(isCanonicalIpv6(formatIp({ family: 6, value: v }))).toBe(true);
      expect(isCanonicalIpv6(formatIp({ family: 6, value: v & 0xffff0000ffff0000ffff00000000ffffn }))).toBe(true);
    }), { numRuns: 5000 });
  });

  it('does the same for IPv4, and parseCidr keeps canonical IPv6 hosts as written', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('0', '00', '1', '01', '255', '256', '192', ''), { minLength: 1, maxLength: 5 }), (parts) => {
      const text = parts.join('.');
      const ip = parseIp(text);
      expect(isCanonicalIpv4(text)).toBe(ip?.family === 4 && formatIp(ip) === text);
    }), { numRuns: 3000 });
    expect(parseCidr('2001:db8::25')).toEqual({ type: 'cidr', family: 6, network: '2001:db8::25', prefix: 128 });
    expect(parseCidr('2001:db8::25/128')).toEqual({ type: 'cidr', family: 6, network: '2001:db8::25', prefix: 128 });
    expect(parseCidr('2001:DB8:0::25')).toEqual({ type: 'cidr', family: 6, network: '2001:db8::25', prefix: 128 });
  });
});
