// The bundle: what the collection script (script.ts) prints, one host per bundle.
//
//   # mailleak-bundle v1 boundary=mlb4242x1764193000
//   # hostname: web1.example          (further `# key: value` header lines)
//   ### mailleak-section mlb4242x1764193000 cmd iptables-save -c
//   …stdout, byte for byte…
//                                      (one added newline, so a marker always starts a line)
//   ### mailleak-stderr mlb4242x1764193000 exit=0
//   …stderr…
//   ### mailleak-end mlb4242x1764193000
//   ### mailleak-section mlb4242x1764193000 file /etc/passwd
//   …
//   ### mailleak-bundle-end mlb4242x1764193000
//
// The boundary is new on every run, so no command output can imitate a marker. An exit word
// after the status says what the shell knew: not-found, denied, timeout, missing, directory.

export const BUNDLE_VERSION = 1;

/** The first line; `mailleak explain` recognises a bundle on stdin by it. */
export const BUNDLE_HEADER = /^# mailleak-bundle v(\d+)(?:\s+boundary=(\S+))?\s*$/;

export type ExitWord = 'not-found' | 'denied' | 'timeout' | 'missing' | 'directory';

export const EXIT_WORDS: readonly ExitWord[] = ['not-found', 'denied', 'timeout', 'missing', 'directory'];

/** One command run or file read by the script. */
export interface BundleRecord {
  type: 'cmd' | 'file';
  /** `iptables-save -c` (argv joined by single spaces) or `/etc/passwd` */
  name: string;
  stdout: string;
  stderr: string;
  /** undefined when the bundle ends before the status line (truncated) */
  exit?: number;
  word?: ExitWord;
  /** 1-based line of the section marker in the bundle */
  line: number;
}

/** What the header says about the host. */
export interface BundleHeader {
  version: number;
  boundary?: string;
  /** `# key: value` lines: hostname, date, system, kernel, iptables, backend, user */
  fields: Record<string, string>;
}

/** Writes a bundle the way the script does: for tests and benchmarks, and as the format's spec. */
export function formatBundle(fields: Record<string, string>, records: Omit<BundleRecord, 'line'>[], boundary = 'mlb1x1'): string {
  const out: string[] = [`# mailleak-bundle v${BUNDLE_VERSION} boundary=${boundary}\n`];
  for (const [key, value] of Object.entries(fields)) out.push(`# ${key}: ${value}\n`);
  for (const r of records) {
    out.push(`### mailleak-section ${boundary} ${r.type} ${r.name}\n`, r.stdout, '\n');
    if (r.exit === undefined) continue;
    out.push(`### mailleak-stderr ${boundary} exit=${r.exit}${r.word ? ` ${r.word}` : ''}\n`);
    if (r.stderr !== '') out.push(r.stderr.endsWith('\n') ? r.stderr : `${r.stderr}\n`);
    out.push(`### mailleak-end ${boundary}\n`);
  }
  out.push(`### mailleak-bundle-end ${boundary}\n`);
  return out.join('');
}

/** Lines a login banner or a noisy shell profile may print before the header. */
export const HEADER_SEARCH_LINES = 20;

/** The 0-based index of the header line among the first lines, or -1 when there is none. */
export function findHeaderLine(text: string): number {
  const lines = text.replace(/^\uFEFF/, '').slice(0, 64 * 1024).split('\n', HEADER_SEARCH_LINES);
  return lines.findIndex((line) => BUNDLE_HEADER.test(line.replace(/\r$/, '')));
}

/** True when a bundle header is among the first lines (a login banner may come before it). */
export function looksLikeBundle(text: string): boolean {
  return findHeaderLine(text) >= 0;
}

/**
 * `ansible HOSTS -m script -a collect.sh --tree DIR` writes one JSON object per host whose
 * "stdout" is the bundle: it is read from there. Anything else is returned as it is.
 */
export function unwrapAnsible(text: string): string {
  if (!text.trimStart().startsWith('{')) return text;
  try {
    const parsed: unknown = JSON.parse(text);
    const stdout = typeof parsed === 'object' && parsed !== null ? (parsed as { stdout?: unknown }).stdout : undefined;
    return typeof stdout === 'string' && looksLikeBundle(stdout) ? stdout : text;
  } catch {
    return text;
  }
}
