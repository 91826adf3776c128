// Runs one Postfix scenario for real: the e2e tier's world (namespaces, DNS, sinks, rulesets:
// ../../e2e/lib/world.ts), the mail host's mount namespace with the unpacked Postfix
// (./mail-host.ts), the scenario's main.cf, master.cf and tables; `postfix start`, one message
// through Postfix's own sendmail, then waiting until the log gives the recipient's status (sent,
// bounced, or deferred after every address and the fallback relays were tried). What happened
// is the sinks' records, the counters, and that status. Also keeps what mailleak will be given:
// the kernel's rulesets and the real `postconf -n` / `postconf -M` output.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reality } from '../../e2e/lib/rig.js';
import { startWorld, type World } from '../../e2e/lib/world.js';
import { POSTFIX_ROOT } from './env.js';
import { enterMailHost, type MailHost } from './mail-host.js';
import { mainCf, masterCf, POSTFIX_WORLD, POSTFIX_ZONE, RIG_MAIN, SENDER, type PostfixScenario } from './scenario.js';

export interface PostfixReality extends Reality {
  /** the recipient's last status in Postfix's log; none when the log never gave one */
  status: 'sent' | 'bounced' | 'deferred' | 'none';
  /** the log line's reason, e.g. "(connect to …: Connection timed out)" */
  reason: string;
}

export interface PostfixRig {
  reality: PostfixReality;
  host: MailHost;
  /** files (paths valid inside the mail host too) for mailleak's inputs */
  files: { v4: string; v6: string; postconfN: string; postconfM: string };
  stop(): Promise<void>;
}

const STATUS = /to=<([^>]+)>.*status=(sent|bounced|deferred) (.*)$/;

export async function runPostfixScenario(s: PostfixScenario, tag: string, uid: number): Promise<PostfixRig> {
  const dir = mkdtempSync(join(tmpdir(), 'ml-postfix-'));
  let world: World | undefined;
  let host: MailHost | undefined;
  const stop = async () => {
    host?.stop();
    await world?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    world = await startWorld({ zone: POSTFIX_ZONE, worldAddresses: POSTFIX_WORLD, v4: s.v4, v6: s.v6, replace: { POSTFIX_UID: String(uid) } }, tag, dir);
    host = await enterMailHost(world.pair.host, dir, uid);
    writeConfiguration(s, host.etc);
    const must = (cmd: string, args: string[], input?: string): string => {
      const r = host!.run(cmd, args, input);
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}\n${readLog(host!)}`);
      return r.stdout;
    };
    for (const a of s.hostAddresses ?? []) must('ip', ['addr', 'add', a, 'dev', 'eth0']);
    must('postalias', ['/etc/aliases']);
    for (const name of Object.keys(s.maps ?? {})) must('postmap', [`/etc/postfix/${name}`]);
    must('postfix', ['start']);
    world.zeroCounters();
    const sender = s.sender ?? SENDER;
    must('/usr/sbin/sendmail', ['-oi', '-f', sender, s.recipient], `From: ${sender}\nTo: ${s.recipient}\nSubject: postfix tier\n\nhello\n`);
    const status = await waitForStatus(host, s.recipient, 45_000);
    const reality: PostfixReality = { ...world.read(), mtaLog: readLog(host), ...status };
    const files = { v4: join(dir, 'v4.save'), v6: join(dir, 'v6.save'), postconfN: join(dir, 'postconf-n.txt'), postconfM: join(dir, 'postconf-M.txt') };
    writeFileSync(files.v4, must('iptables-save', []));
    writeFileSync(files.v6, must('ip6tables-save', []));
    writeFileSync(files.postconfN, must('postconf', ['-n']));
    writeFileSync(files.postconfM, must('postconf', ['-M']));
    return { reality, host, files, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

function writeConfiguration(s: PostfixScenario, etc: string): void {
  const debianMaster = readFileSync(join(POSTFIX_ROOT, 'usr/share/postfix/master.cf.dist'), 'utf8');
  writeFileSync(join(etc, 'postfix/main.cf'), mainCf({ ...(s.main ?? {}), ...RIG_MAIN }));
  writeFileSync(join(etc, 'postfix/master.cf'), masterCf(debianMaster, s));
  for (const [name, text] of Object.entries(s.maps ?? {})) writeFileSync(join(etc, 'postfix', name), text);
  // the host's resolver is the test DNS server on its loopback (the overlay hides the
  // resolv.conf that ip netns exec binds over /etc/resolv.conf)
  writeFileSync(join(etc, 'resolv.conf'), 'nameserver 127.0.0.1\noptions attempts:1 timeout:2\n');
  writeFileSync(join(etc, 'mailname'), 'mailhost.test\n');
  writeFileSync(join(etc, 'aliases'), 'postmaster: root\n');
}

function readLog(host: MailHost): string {
  const path = join(host.varDir, 'log/postfix.log');
  return existsSync(path) ? readFileSync(path, 'utf8') : '(no log)';
}

/** The first final status Postfix logs for the recipient (a deferral is final for this tier). */
async function waitForStatus(host: MailHost, recipient: string, timeoutMs: number): Promise<Pick<PostfixReality, 'status' | 'reason'>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const line of readLog(host).split('\n')) {
      const m = STATUS.exec(line);
      if (m && m[1] === recipient) return { status: m[2] as 'sent' | 'bounced' | 'deferred', reason: m[3]! };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { status: 'none', reason: `no status for ${recipient} in the log within ${timeoutMs / 1000}s` };
}
