// A long-lived helper process inside the namespace (prober.py): one fork per probe instead of
// one interpreter start, and the namespace's iptables commands run from there too, so a
// thousand probes take well under a minute.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Family } from '../../../src/firewall/model.js';

export interface ProbeRequest {
  family: Family;
  src: string;
  sport: number;
  dst: string;
  dport: number;
  uid: number;
  gid: number;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What connect() reported: "EINPROGRESS" (SYN sent or swallowed), or an errno name such as EPERM. */
export interface ProbeReply {
  connect?: string;
  soError?: string | null;
  error?: string;
  /** the command run right after the probe (iptables-save -c) */
  save?: CommandResult;
}

const SCRIPT = fileURLToPath(new URL('./prober.py', import.meta.url));

export class Prober {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = '';
  private exited = false;

  constructor(namespace: string, python: string) {
    this.child = spawn('ip', ['netns', 'exec', namespace, python, '-u', SCRIPT], { stdio: 'pipe' });
    this.child.stderr.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.child.on('exit', () => {
      this.exited = true;
      for (const resolve of this.waiting.splice(0)) resolve(JSON.stringify({ error: `prober exited: ${this.stderr.trim()}` }));
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
  }

  private async ask(request: object): Promise<unknown> {
    if (this.exited) throw new Error(`prober is not running: ${this.stderr.trim()}`);
    const line = await new Promise<string>((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
    return JSON.parse(line);
  }

  /** Sends one SYN as uid/gid, then runs `save` (if given) and returns its output with the reply. */
  async probe(request: ProbeRequest, save?: string[]): Promise<ProbeReply> {
    const reply = (await this.ask({ op: 'probe', ...request, save })) as ProbeReply;
    if (reply.error) throw new Error(`probe ${JSON.stringify(request)} failed: ${reply.error}`);
    return reply;
  }

  /** Runs a command inside the namespace; throws with its stderr when it fails. */
  async run(argv: string[], input?: string): Promise<string> {
    const result = (await this.ask({ op: 'run', argv, input })) as CommandResult & { error?: string };
    if (result.error) throw new Error(`${argv.join(' ')}: ${result.error}`);
    if (result.code !== 0) throw new Error(`${argv.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
    return result.stdout;
  }

  close(): void {
    if (!this.exited) this.child.stdin.end();
    this.child.kill('SIGTERM');
  }
}
