// Real texts from /work/shared (read in place, never copied into the repository).
import { readFileSync } from 'node:fs';

export const SHARED = '/work/shared';

export function sharedText(path: string): string {
  return readFileSync(`${SHARED}/${path}`, 'utf8');
}

/** The verbatim body of a case file (everything after its header). */
export function caseBody(name: string): string {
  const text = sharedText(`cases/${name}`);
  const end = text.indexOf('#### END-HEADER ####\n');
  return text.slice(end + '#### END-HEADER ####\n'.length);
}

/** The stdout part of an exim sample capture (`--- stdout ---` … `--- stderr ---`). */
export function eximStdout(name: string): string {
  const text = sharedText(`reference/exim-samples/${name}`);
  const from = text.indexOf('--- stdout ---\n') + '--- stdout ---\n'.length;
  const to = text.indexOf('--- stderr ---', from);
  return text.slice(from, to < 0 ? undefined : to);
}

/** A dig answer as dig 9.18 prints it, for the simulated gmail.com of the exim samples. */
export const DIG_MX = `; <<>> DiG 9.18.28-1~deb12u2-Debian <<>> gmail.com MX
;; global options: +cmd
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242
;; flags: qr rd ra; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
;; QUESTION SECTION:
;gmail.com.			IN	MX

;; ANSWER SECTION:
gmail.com.		300	IN	MX	5 gmail-smtp-in.l.google.com.
gmail.com.		300	IN	MX	10 alt1.gmail-smtp-in.l.google.com.

;; Query time: 3 msec
;; SERVER: 127.0.0.1#53(127.0.0.1) (UDP)
;; WHEN: Thu Nov 26 18:33:00 UTC 2026
;; MSG SIZE  rcvd: 98
`;

/** 1-based number of the first line of `needle` inside `haystack`. */
export function lineOf(haystack: string, needle: string): number {
  const at = haystack.indexOf(needle);
  if (at < 0) throw new Error(`not found: ${needle}`);
  return haystack.slice(0, at).split('\n').length;
}
