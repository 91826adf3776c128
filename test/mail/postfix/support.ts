// Hand-written Postfix configurations and DNS for the planner tests (.test/.example names,
// documentation addresses only).
import { createRecordsResolver } from '../../../src/mail/dns/records-resolver.js';
import { readZoneFile } from '../../../src/mail/dns/zone-file.js';
import { readPostfixConfig } from '../../../src/mail/postfix/config.js';
import { planPostfixDelivery, type PostfixPlanContext } from '../../../src/mail/postfix/plan.js';

export const ZONE = `
$ORIGIN test.
@            3600 IN SOA ns.test. admin.test. 1 3600 600 86400 300
dest         3600 IN MX 10 mx1.dest.test.
dest         3600 IN MX 10 mx2.dest.test.
dest         3600 IN MX 20 mx3.dest.test.
mx1.dest     3600 IN A 192.0.2.11
mx1.dest     3600 IN AAAA 2001:db8::11
mx2.dest     3600 IN A 192.0.2.12
mx3.dest     3600 IN A 192.0.2.13
nomx         3600 IN A 192.0.2.20
nullmx       3600 IN MX 0 .
relay        3600 IN A 198.51.100.25
relay        3600 IN AAAA 2001:db8:25::25
smarthost    3600 IN MX 5 mail.smarthost.test.
mail.smarthost 3600 IN A 198.51.100.30
other-relay  3600 IN A 198.51.100.40
fallback     3600 IN A 203.0.113.50
allowed      3600 IN MX 10 mx.allowed.test.
mx.allowed   3600 IN A 203.0.113.10
`;

export const resolver = createRecordsResolver(readZoneFile(ZONE, 'zone').records, 'test zone');

export interface Files {
  main?: string;
  master?: string;
  postconfP?: string;
  files?: Record<string, string>;
}

export async function plan(recipient: string, f: Files, ctx: Partial<PostfixPlanContext> = {}) {
  const config = readPostfixConfig({
    main: f.main !== undefined ? [{ origin: 'main.cf', text: f.main }] : [],
    master: f.master !== undefined ? [{ origin: 'master.cf', text: f.master }] : [],
    postconfP: f.postconfP !== undefined ? [{ origin: 'postconf -P', text: f.postconfP }] : [],
    readFile: (path) => f.files?.[path],
  });
  return planPostfixDelivery(recipient, config, { resolver, hostname: 'mail.example', ...ctx });
}

export const STOCK_MASTER = `
smtp      inet  n       -       y       -       -       smtpd
pickup    unix  n       -       y       60      1       pickup
smtp      unix  -       -       y       -       -       smtp
relay     unix  -       -       y       -       -       smtp
        -o syslog_name=postfix/$service_name
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
error     unix  -       -       y       -       -       error
retry     unix  -       -       y       -       -       error
discard   unix  -       -       y       -       -       discard
`;

export const show = (p: { attempts: { host: string; address?: string; port: number; fallback?: boolean; randomGroup?: number }[] }) =>
  p.attempts.map((a) => `${a.host} ${a.address ?? '?'}:${a.port}${a.fallback ? ' fallback' : ''}${a.randomGroup !== undefined ? ` r${a.randomGroup}` : ''}`);
