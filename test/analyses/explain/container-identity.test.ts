// A containerised MTA's packets reach the host's firewall forwarded, with no uid: the plan must
// not ask for the MTA user's uid nor read the host's passwd for it; on the host it still does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import type { CollectedInputs, InputSection, MtaContainer } from '../../../src/input/collected.js';
import { FIXTURES } from './fixture-inputs.js';

const read = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');
const section = (kind: InputSection['kind'], origin: string, text: string, family?: 4 | 6): InputSection => ({ kind, origin, firstLine: 1, text, detectedBy: 'test', ...(family ? { family } : {}) });
const MAILCOW: MtaContainer = { addresses: ['198.51.100.53', '2001:db8:c0::53'], bridge: 'br-mailcow', from: 'option' };
const ROUTES = 'default via 192.0.2.254 dev eth0 proto static\n198.51.100.0/26 dev br-mailcow proto kernel scope link src 198.51.100.1\n';

function inputs(container: MtaContainer | undefined, mta: 'postfix' | 'exim'): CollectedInputs {
  return {
    sections: [
      section('iptables-save', 'iptables.save', read('mailcow-docker28/iptables.save'), 4),
      section('dns-records', 'gmail.com.zone', read('demo/gmail.com.zone')),
      section('ip-route', 'ip route', ROUTES, 4),
      // the host's passwd has no postfix user (it is the container's)
      section('passwd', '/etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n'),
      ...(mta === 'postfix' ? [section('postfix-main-cf', 'postconf -n', 'inet_protocols = ipv4\n')] : []),
    ],
    problems: [],
    mode: 'files',
    ...(container ? { mtaContainer: container } : {}),
  };
}

describe('the MTA user\'s uid for a container placement', () => {
  for (const mta of ['postfix', 'exim'] as const) {
    it(`${mta}: no "uid … not known" note in a container; the passwd reading says it is not used`, async () => {
      const report = await analyse(inputs(MAILCOW, mta), 'gmail.com');
      expect(report.plan.assumptions.filter((a) => /uid|mail_owner not set|exim_user not set/.test(a))).toEqual([]);
      expect(report.inputs.find((r) => r.kind === 'passwd')?.summary).toMatch(/^passwd entries \(not used: the MTA runs in a container/);
      expect(report.attempts.every((a) => a.uid === undefined)).toBe(true);
    });

    it(`${mta}: on the host the note stays`, async () => {
      const report = await analyse(inputs(undefined, mta), 'gmail.com');
      expect(report.plan.assumptions.some((a) => /uid of (postfix|Debian-exim) is not known/.test(a))).toBe(true);
      expect(report.inputs.find((r) => r.kind === 'passwd')?.summary).toBe("passwd entries (for the MTA's uid)");
    });
  }
});
