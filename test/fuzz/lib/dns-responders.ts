// Hostile DNS servers for tests, in-process on 127.0.0.1 (node:dgram, UDP only — none of them
// listens on TCP, so a resolver that falls back to TCP finds the port closed):
// - silent: reads every query and never answers;
// - truncating: answers every query with TC=1 and no records (RFC 1035 §4.1.1), which tells the
//   client to retry over TCP;
// - scripted: answers names in its table (NODATA when a name lacks the asked type) and swallows
//   queries for every other name.
// And a UDP port nobody listens on (the kernel answers ICMP port unreachable).
import dgram from 'node:dgram';

export interface HostileServer {
  /** "127.0.0.1:PORT", for --dns-server */
  server: string;
  /** how many queries arrived (to prove the resolver really asked) */
  queries(): number;
  stop(): Promise<void>;
}

export type ScriptedRecord = { type: 'MX'; preference: number; exchange: string } | { type: 'A'; address: string } | { type: 'CNAME'; target: string };

type Answerer = (query: Buffer, question: Question) => Buffer | undefined;
interface Question { name: string; qtype: number; end: number }

const TYPE = { A: 1, CNAME: 5, MX: 15 } as const;

/** Binds and closes a UDP socket: its port is then (almost certainly) unused. */
export async function closedPort(): Promise<string> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

export function startSilentServer(): Promise<HostileServer> {
  return serve(() => undefined);
}

export function startTruncatingServer(): Promise<HostileServer> {
  return serve((query, q) => header(query, q, 0, { truncated: true }));
}

/** Answers names in `zone` (lower case, no trailing dot) with their records; silence for other names. */
export function startScriptedServer(zone: Record<string, ScriptedRecord[]>): Promise<HostileServer> {
  return serve((query, q) => {
    const records = zone[q.name];
    if (!records) return undefined;
    // a CNAME is given whatever type was asked (RFC 1034 §3.6.2); otherwise only the asked type
    const answers = records.filter((r) => r.type === 'CNAME' || TYPE[r.type] === q.qtype);
    const rdata = answers.map((r) => record(r));
    return Buffer.concat([header(query, q, rdata.length, { truncated: false }), ...rdata]);
  });
}

async function serve(answer: Answerer): Promise<HostileServer> {
  const socket = dgram.createSocket('udp4');
  let count = 0;
  socket.on('message', (query, peer) => {
    count += 1;
    const question = readQuestion(query);
    if (!question) return;
    const reply = answer(query, question);
    if (reply) socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    queries: () => count,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function readQuestion(query: Buffer): Question | undefined {
  if (query.length < 12) return undefined;
  const labels: string[] = [];
  let at = 12;
  while (at < query.length && query[at]! > 0) {
    const length = query[at]!;
    labels.push(query.subarray(at + 1, at + 1 + length).toString('latin1'));
    at += length + 1;
  }
  if (at + 5 > query.length) return undefined;
  return { name: labels.join('.').toLowerCase(), qtype: query.readUInt16BE(at + 1), end: at + 5 };
}

/** The query's header and question, turned into a response with `answers` records following. */
function header(query: Buffer, q: Question, answers: number, flags: { truncated: boolean }): Buffer {
  const reply = Buffer.from(query.subarray(0, q.end));
  reply[2] = 0x80 | 0x04 | (flags.truncated ? 0x02 : 0) | (query[2]! & 0x01); // QR, AA, TC?, RD copied
  reply[3] = 0x80; // RA, RCODE 0
  reply.writeUInt16BE(1, 4);
  reply.writeUInt16BE(answers, 6);
  reply.writeUInt16BE(0, 8);
  reply.writeUInt16BE(0, 10);
  return reply;
}

function encodeName(name: string): Buffer {
  const parts = name.split('.').filter(Boolean).map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')]));
  return Buffer.concat([...parts, Buffer.from([0])]);
}

/** One answer record; the owner is a pointer to the question name at offset 12. */
function record(r: ScriptedRecord): Buffer {
  let type: number;
  let data: Buffer;
  switch (r.type) {
    case 'MX':
      type = TYPE.MX;
      data = Buffer.concat([Buffer.from([r.preference >> 8, r.preference & 0xff]), encodeName(r.exchange)]);
      break;
    case 'A':
      type = TYPE.A;
      data = Buffer.from(r.address.split('.').map(Number));
      break;
    case 'CNAME':
      type = TYPE.CNAME;
      data = encodeName(r.target);
      break;
  }
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0);
  fixed.writeUInt16BE(type, 2);
  fixed.writeUInt16BE(1, 4); // IN
  fixed.writeUInt32BE(60, 6);
  fixed.writeUInt16BE(data.length, 10);
  return Buffer.concat([fixed, data]);
}
