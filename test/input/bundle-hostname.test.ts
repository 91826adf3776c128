// Exim's `@` is the server's own name: analysing a bundle on a laptop must use the name in the
// bundle's header, not the laptop's, and not a placeholder.
import { describe, expect, it } from 'vitest';
import { formatBundle, type BundleRecord } from '../../src/input/bundle-format.js';
import { analyse } from '../../src/analyses/explain/analyse.js';
import { acquireInputs } from '../../src/input/node/acquire.js';
// the CLI's live DNS (the core asks DNS only through the factory it is given)
import { liveDns } from '../../src/mail/dns/live-resolver.js';

type Rec = Omit<BundleRecord, 'line'>;
const cmd = (name: string, stdout: string): Rec => ({ type: 'cmd', name, stdout, stderr: '', exit: 0 });
const CONFIG = [
  'domainlist local_domains = @ : localhost',
  'begin routers',
  'dnslookup:', '  driver = dnslookup', '  domains = ! +local_domains', '  transport = remote_smtp', '  no_more',
  'local_user:', '  driver = accept', '  domains = +local_domains', '  transport = local_delivery',
  'begin transports',
  'remote_smtp:', '  driver = smtp',
  'local_delivery:', '  driver = appendfile', '  file = /var/mail/$local_part',
].join('\n');

function bundle(hostname: string): string {
  return formatBundle({ hostname, system: 'Linux' }, [
    cmd('iptables-save -c', '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT DROP [0:0]\nCOMMIT\n'),
    cmd('exim -bP config', `${CONFIG}\n`),
  ]);
}

describe('a bundle names its host', () => {
  it('mail to the host name in the header is delivered locally (Exim\'s @)', async () => {
    const inputs = await acquireInputs({ stdinIsTTY: false, readStdin: async () => bundle('mx1.example'), offline: true });
    expect(inputs.hostname).toBe('mx1.example');
    const report = await analyse(inputs, 'root@mx1.example', { liveDns });
    expect(report.plan.outcome).toBe('local');
    expect(report.verdict).toBe('blocked');
  });

  it('another domain is still routed out', async () => {
    const inputs = await acquireInputs({ stdinIsTTY: false, readStdin: async () => bundle('mx1.example'), offline: true });
    const report = await analyse(inputs, 'user@elsewhere.example', { liveDns });
    expect(report.plan.outcome).not.toBe('local');
  });
});
