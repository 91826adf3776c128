// The page's one optional network use: after an explicit click, ask a DNS-over-HTTPS server
// (RFC 8484's JSON form, as Cloudflare and Google serve it) for the MX records of the domains
// and the addresses of their hosts, and write the answers as zone text: a DNS input like any
// pasted one, which the user sees, can edit, and which travels in a link. Never called by itself.

export const DOH_SERVER = 'https://cloudflare-dns.com/dns-query';

interface DohAnswer {
  Status?: number;
  Answer?: { name: string; type: number; TTL: number; data: string }[];
}

const TYPES: Record<number, string> = { 1: 'A', 5: 'CNAME', 15: 'MX', 28: 'AAAA' };

async function ask(name: string, type: 'MX' | 'A' | 'AAAA', fetchImpl: typeof fetch): Promise<{ lines: string[]; exchanges: string[] }> {
  const response = await fetchImpl(`${DOH_SERVER}?name=${encodeURIComponent(name)}&type=${type}`, { headers: { accept: 'application/dns-json' } });
  if (!response.ok) return { lines: [`; ${name} ${type}: HTTP ${response.status}`], exchanges: [] };
  const body = (await response.json()) as DohAnswer;
  if (body.Status !== 0) return { lines: [`; ${name} ${type}: DNS status ${body.Status ?? '?'}`], exchanges: [] };
  const lines: string[] = [];
  const exchanges: string[] = [];
  for (const a of body.Answer ?? []) {
    const rrtype = TYPES[a.type];
    if (rrtype === undefined) continue;
    lines.push(`${a.name.endsWith('.') ? a.name : `${a.name}.`} ${a.TTL} IN ${rrtype} ${a.data}`);
    if (rrtype === 'MX') exchanges.push(a.data.split(/\s+/)[1]?.replace(/\.$/, '') ?? '');
  }
  return { lines, exchanges: exchanges.filter((x) => x !== '') };
}

/** Zone text holding the MX records of DOMAINS and the A/AAAA records of their mail hosts (or of the domain itself, RFC 5321 §5.1's implicit MX). */
export async function lookUpOverHttps(domains: string[], fetchImpl: typeof fetch = fetch): Promise<string> {
  const out = [`; answers from ${DOH_SERVER} (DNS-over-HTTPS), asked on ${new Date().toISOString()}`];
  for (const domain of [...new Set(domains)]) {
    const mx = await ask(domain, 'MX', fetchImpl);
    out.push(...mx.lines);
    const hosts = mx.exchanges.length > 0 ? mx.exchanges : [domain];
    for (const host of [...new Set(hosts)]) for (const type of ['A', 'AAAA'] as const) out.push(...(await ask(host, type, fetchImpl)).lines);
  }
  return `${out.join('\n')}\n`;
}
