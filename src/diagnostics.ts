// Diagnostics are data: a stable code, the arguments its wording needs, a severity and where it
// happened. One table lists every code with its title, default severity and the shape of its
// arguments, so a new code cannot be added without them; the sentence for people is made in
// src/report/diagnostic-text.ts from the arguments. Tests assert codes, never wording.
export interface SourceLoc {
  /** file name, "stdin", or a command such as "iptables-save -c" */
  origin: string;
  /** 1-based line number in that origin */
  line: number;
  /** 1-based column where the problem starts, when known */
  column?: number;
  /** the original line, verbatim (without the line break) */
  text: string;
}

export type Severity = 'error' | 'warning' | 'info';

interface DiagnosticInfo {
  title: string;
  /** the usual severity; a call site may give another one (e.g. warning in save text, info in a script) */
  severity: Severity;
  /** the arguments' type only (the value is an empty object): see `args` */
  args: object;
}

/** Declares the type of a code's arguments in the table (a type-only marker; the value is `{}`). */
function args<A extends object = Record<never, never>>(): A {
  return {} as A;
}

type Table = 'raw' | 'mangle' | 'nat' | 'filter' | 'security';
/** Which part of an `iptables -L` listing is cut off. */
type Truncation =
  | { part: 'chain-header'; chain: string }
  | { part: 'column-header'; chain: string }
  | { part: 'chain-body'; chain: string; lastLine: number }
  | { part: 'rule'; chain: string; rule: number; certain: boolean };

export const DIAGNOSTIC_INFO = {
  // Exim configuration (preprocessor, sections) and exim -bP / -bt output
  'exim-endif-missing': { title: '.endif missing', severity: 'error', args: args() },
  'exim-macro-too-long': { title: 'macro expansion too long', severity: 'error', args: args<{ max: number }>() },
  'exim-macro-redefined': { title: 'macro defined twice', severity: 'error', args: args<{ name: string }>() },
  'exim-macro-substring': { title: 'macro name contains an earlier one', severity: 'error', args: args<{ name: string }>() },
  'exim-conditional-unmatched': { title: 'conditional without .ifdef', severity: 'error', args: args<{ directive: string }>() },
  'exim-directive-unknown': { title: 'unknown directive', severity: 'error', args: args<{ directive: string }>() },
  'exim-include-relative': { title: 'relative .include_if_exists', severity: 'error', args: args() },
  'exim-include-loop': { title: 'file includes itself', severity: 'error', args: args<{ path: string; through: string[] }>() },
  'exim-include-missing': { title: 'included file not readable', severity: 'warning', args: args<{ path: string }>() },
  'exim-bp-hidden': { title: 'value hidden from a non-admin', severity: 'warning', args: args() },
  'exim-bp-no-header': { title: 'not exim -bP config output', severity: 'warning', args: args() },
  'exim-bt-unrecognised': { title: 'line not from exim -bt', severity: 'warning', args: args() },
  'exim-bt-other-recipient': { title: 'exim -bt is about another address', severity: 'warning', args: args<{ recipient: string; others: string[] }>() },
  'exim-section-unknown': { title: 'unknown section', severity: 'error', args: args<{ name: string }>() },
  'exim-section-repeated': { title: 'section repeated', severity: 'error', args: args<{ section: string }>() },
  'exim-driver-line-unreadable': { title: 'a driver line not read', severity: 'warning', args: args<{ driver: string }>() },
  'exim-option-syntax': { title: 'not an option setting', severity: 'error', args: args<{ driver?: string }>() },
  'exim-driver-duplicate': { title: 'two drivers of one name', severity: 'error', args: args<{ name: string }>() },
  'exim-option-outside-driver': { title: 'option before any driver', severity: 'error', args: args() },
  // Postfix: main.cf / postconf output, master.cf / postconf -M / -P, lookup table sources
  'postfix-line-syntax': { title: 'not a parameter setting', severity: 'error', args: args<{ file: 'main.cf' | 'postconf -P'; problem: 'no-equals' | 'continuation-first' | 'bad-name' }>() },
  'postfix-param-repeated': { title: 'parameter set twice', severity: 'info', args: args<{ name: string; firstLine: number }>() },
  'postfix-master-syntax': { title: 'master.cf entry not read', severity: 'error', args: args<{ problem: 'fields' | 'type' | 'option'; service?: string }>() },
  'postfix-map-syntax': { title: 'lookup table line not read', severity: 'warning', args: args<{ map: string }>() },
  'postfix-regexp-unread': { title: 'regular expression not evaluated', severity: 'warning', args: args<{ map: string; reason: 'syntax' | 'conditional' }>() },
  // DNS: zone files and dig output
  'dns-dig-status': { title: 'dig answered with an error status', severity: 'warning', args: args<{ status: string | undefined; name: string; rrtype: string }>() },
  'dns-zone-syntax': { title: 'zone entry not split cleanly', severity: 'error', args: args<{ problem: 'unclosed-quote' | 'unopened-parenthesis' | 'unclosed-parenthesis' }>() },
  'dns-zone-owner': { title: 'record without owner', severity: 'error', args: args() },
  'dns-zone-type': { title: 'record type missing or unknown', severity: 'error', args: args<{ rrtype?: string }>() },
  'dns-zone-rdata': { title: 'record data not understood', severity: 'error', args: args<{ rrtype: 'MX' | 'A' | 'AAAA' | 'CNAME' | 'SOA'; name: string }>() },
  'dns-zone-ignored': { title: 'record not used for mail routing', severity: 'info', args: args<{ rrtype: string; name: string }>() },
  'dns-zone-directive': { title: 'zone directive not read', severity: 'error', args: args<{ problem: 'origin-value' | 'ttl-value' | 'unsupported'; directive: string }>() },
  'dns-zone-origin': { title: '"@" without $ORIGIN', severity: 'error', args: args() },
  'dns-zone-relative': { title: 'relative name without $ORIGIN', severity: 'info', args: args<{ name: string }>() },
  // combining inputs
  'family-assumed': { title: 'IPv4 assumed', severity: 'warning', args: args<{ origin: string }>() },
  'merge-family-conflict': { title: 'inputs of different families', severity: 'error', args: args<{ inputs: { origin: string; family?: number }[] }>() },
  'merge-chain-conflict': { title: 'a chain given differently in two inputs', severity: 'warning', args: args<{ table: string; chain: string; kept: string; dropped: string }>() },
  // iptables-save text
  'legacy-tables-present': { title: 'legacy tables not shown', severity: 'warning', args: args<{ format: 'save' | 'listing' }>() },
  'nft-incompatible-chains': { title: 'nft base chains not shown', severity: 'warning', args: args() },
  'nft-incompatible-table': { title: 'nft table not shown', severity: 'warning', args: args<{ format: 'save' } | { format: 'listing'; table: string }>() },
  'unterminated-quote': { title: 'quote not closed', severity: 'warning', args: args() },
  'bad-rule-line': { title: 'rule line without a command', severity: 'warning', args: args() },
  'rule-outside-table': { title: 'line before any *table', severity: 'warning', args: args<{ line: 'rule' | 'chain' | 'commit' }>() },
  'bad-chain-line': { title: 'chain line not understood', severity: 'warning', args: args() },
  'missing-commit': { title: 'COMMIT missing', severity: 'warning', args: args<{ table: string; next?: string }>() },
  'duplicate-table': { title: 'table given twice', severity: 'warning', args: args<{ table: string }>() },
  'unknown-table': { title: 'unknown table', severity: 'warning', args: args<{ context: 'save' | 'command' | 'listing'; table: string } | { context: 'save-line' }>() },
  'unresolved-command': { title: 'command through an unset variable', severity: 'warning', args: args<{ variable: string }>() },
  'call-too-deep': { title: 'functions nested too deep', severity: 'warning', args: args<{ max: number }>() },
  'case-branch-read': { title: 'one case branch read', severity: 'info', args: args<{ subject: string; read: string[]; others: string[][] }>() },
  'ignored-line': { title: 'line ignored', severity: 'info', args: args<{ context: 'save' } | { context: 'script'; program: string; saveTool: boolean }>() },
  'unreadable-rule-line': { title: 'damaged rule line kept as unknown', severity: 'warning', args: args<{ format: 'save'; table: string; chains: string[] } | { format: 'listing'; chain: string; rule: number }>() },
  'internal-error': { title: 'internal error', severity: 'error', args: args<{ stage: 'command' | 'line'; error: string }>() },
  // rule specifications (-A … options)
  'rule-too-large': { title: 'rule too large to read', severity: 'warning', args: args<{ kind: 'words'; words: number; max: number } | { kind: 'variants'; rules: number; max: number }>() },
  'unexpected-argument': { title: 'unexpected word', severity: 'warning', args: args<{ word: string }>() },
  'dangling-negation': { title: '! without a condition', severity: 'warning', args: args() },
  'unresolved-value': { title: 'value not known', severity: 'warning', args: args<{ what: 'address' | 'interface' | 'value'; text: string }>() },
  'bad-address': { title: 'address not understood', severity: 'warning', args: args<{ problem: 'unreadable'; text: string } | { problem: 'negated-list' }>() },
  'family-mismatch': { title: 'family mismatch', severity: 'warning', args: args<{ context: 'text'; seen: number; requested: number } | { context: 'address'; text: string; family: number }>() },
  'missing-value': { title: 'option without its value', severity: 'warning', args: args<{ option: string; count?: number }>() },
  'bad-protocol': { title: 'protocol not understood', severity: 'warning', args: args<{ text: string }>() },
  'multiple-targets': { title: 'several targets', severity: 'warning', args: args() },
  'bad-counters': { title: 'counters not understood', severity: 'warning', args: args<{ text: string }>() },
  'ambiguous-option': { title: 'ambiguous option prefix', severity: 'warning', args: args<{ option: string; candidates: string[] }>() },
  'unknown-option': { title: 'option of no loaded match', severity: 'warning', args: args<{ option: string }>() },
  'bad-option-value': { title: 'match option value not understood', severity: 'warning', args: args<{ value: 'icmp-type' | 'tcp-flags' | 'tcp-option' | 'address-range' | 'conn-state' | 'owner-id' | 'port'; text: string }>() },
  'unknown-service-name': { title: 'service name not known', severity: 'info', args: args<{ name: string }>() },
  // applying commands to a ruleset (-A, -I, -D, -R, -N, -X, -E, -P)
  'chain-not-declared': { title: 'chain used before it is created', severity: 'warning', args: args<{ chain: string; table: string }>() },
  'target-wrong-table': { title: 'target of another table', severity: 'warning', args: args<{ action: string; table: string }>() },
  'delete-no-match': { title: '-D matches no rule', severity: 'warning', args: args<{ chain: string }>() },
  'unknown-chain': { title: 'no such chain', severity: 'warning', args: args<{ op: '-E' | '-X'; chain: string } | { op: '-D'; chain: string; table: string }>() },
  'bad-rule-number': { title: 'no such rule number', severity: 'warning', args: args<{ op: '-I' | '-D' | '-R'; chain: string; position: number }>() },
  'chain-exists': { title: 'chain already exists', severity: 'info', args: args<{ chain: string }>() },
  'chain-not-empty': { title: 'chain still has rules', severity: 'warning', args: args<{ chain: string }>() },
  'bad-policy': { title: 'policy not valid', severity: 'warning', args: args<{ problem: 'not-builtin' | 'policy-on-user-chain'; chain: string; table: string } | { problem: 'not-accept-drop'; chain: string; policy: string } | { problem: 'not-understood'; policy: string }>() },
  'chain-body-unknown': { title: 'chain not defined', severity: 'warning', args: args<{ chain: string; table: string }>() },
  // scripts of iptables commands
  'no-command': { title: 'iptables without a command', severity: 'info', args: args() },
  'command-in-shell-block': { title: 'command inside a shell block', severity: 'info', args: args() },
  'table-inferred': { title: 'table inferred', severity: 'info', args: args<{ from: 'commands' | 'listing'; table: string }>() },
  'family-unclear': { title: 'commands of unknown family', severity: 'warning', args: args<{ commands: number }>() },
  'other-family-ignored': { title: 'commands of the other family', severity: 'warning', args: args<{ commands: number; tool: string }>() },
  'bad-command': { title: 'iptables command not understood', severity: 'warning', args: args<{ problem: 'table-missing' } | { problem: 'several-commands' | 'chain-missing' | 'rule-number-missing' | 'policy-missing' | 'name-missing'; option: string }>() },
  'assumed-iptables': { title: 'variable assumed to be iptables', severity: 'info', args: args<{ variable: string; family: number }>() },
  // iptables -L listings
  'interfaces-unknown': { title: 'listing without -v', severity: 'info', args: args() },
  'not-a-listing': { title: 'not an iptables listing', severity: 'error', args: args() },
  'empty-listing': { title: 'empty listing', severity: 'warning', args: args() },
  'mixed-families': { title: 'IPv4 and IPv6 rules mixed', severity: 'warning', args: args() },
  'line-not-parsed': { title: 'internal error reading a line', severity: 'error', args: args<{ error: string }>() },
  'unknown-policy': { title: 'unknown policy', severity: 'warning', args: args<{ policy: string }>() },
  'listing-truncated': { title: 'listing cut off', severity: 'warning', args: args<Truncation>() },
  'listing-command': { title: 'listing command', severity: 'info', args: args<{ tool: string; list: boolean; chain?: string; table: string; verbose: boolean; numeric: boolean }>() },
  'listing-filtered': { title: 'listing piped', severity: 'warning', args: args() },
  'rule-outside-chain': { title: 'rule without a chain', severity: 'warning', args: args() },
  'columns-mismatch': { title: 'columns differ from the header', severity: 'warning', args: args() },
  'markup-ignored': { title: 'markup ignored', severity: 'info', args: args() },
  'listing-gap': { title: 'part of the listing missing', severity: 'warning', args: args() },
  'possible-continuation': { title: 'possible continuation line', severity: 'warning', args: args() },
  'unrecognised-line': { title: 'line not recognised', severity: 'warning', args: args() },
  'table-label-mismatch': { title: 'table label contradicts the command', severity: 'warning', args: args<{ label: Table; command: string }>() },
  'table-label': { title: 'table label', severity: 'info', args: args<{ table: Table }>() },
  'duplicate-chain': { title: 'chain listed twice', severity: 'warning', args: args<{ chain: string; laterLine?: number; table: string }>() },
  'rule-superseded': { title: 'rule of a replaced listing', severity: 'info', args: args<{ chain: string }>() },
  'chain-not-listed': { title: 'chain jumped to but not listed', severity: 'info', args: args<{ chain: string }>() },
  'chain-not-in-table': { title: 'policy on a non-builtin chain', severity: 'warning', args: args<{ chain: string; table: string }>() },
  'line-numbers-gap': { title: 'line numbers jump', severity: 'warning', args: args<{ from: number; to: number; chain: string }>() },
  'line-number-mismatch': { title: 'line number out of sequence', severity: 'warning', args: args<{ printed: number; expected: number; chain: string }>() },
  'tool-warning': { title: 'warning from iptables', severity: 'warning', args: args() },
  'tool-error': { title: 'error from iptables', severity: 'warning', args: args() },
  'shell-noise': { title: 'password prompt ignored', severity: 'info', args: args() },
  'unknown-protocol': { title: 'unknown protocol', severity: 'warning', args: args<{ protocol: string }>() },
  'column-lost': { title: 'address column missing', severity: 'warning', args: args<{ lost: 'both' | 'source' | 'destination' }>() },
  'unknown-extension': { title: 'extension text not understood', severity: 'warning', args: args<{ text: string }>() },
  // nft list ruleset text and nft -j list ruleset JSON
  'nft-syntax': { title: 'nft text not understood', severity: 'warning', args: args<{ expected: string; found: string }>() },
  'nft-include': { title: 'include not followed', severity: 'warning', args: args<{ path: string }>() },
  'nft-variable-undefined': { title: 'variable not defined', severity: 'warning', args: args<{ name: string }>() },
  'nft-command-ignored': { title: 'nft command ignored', severity: 'info', args: args<{ command: string }>() },
  'nft-expression-unknown': { title: 'nft expression not understood', severity: 'warning', args: args<{ text: string }>() },
  'nft-priority-unreadable': { title: 'chain priority not understood', severity: 'warning', args: args<{ text: string }>() },
  'nft-set-missing': { title: 'named set not listed', severity: 'warning', args: args<{ name: string }>() },
  'nft-json-invalid': { title: 'not nft JSON', severity: 'error', args: args<{ message: string }>() },
} as const satisfies Record<string, DiagnosticInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_INFO;
export type DiagnosticArgs<C extends DiagnosticCode> = (typeof DIAGNOSTIC_INFO)[C]['args'];

export const DIAGNOSTIC_CODES = Object.keys(DIAGNOSTIC_INFO) as DiagnosticCode[];

/** One diagnostic; `code` narrows `args`. */
export type Diagnostic = {
  [C in DiagnosticCode]: { code: C; severity: Severity; args: DiagnosticArgs<C>; loc?: SourceLoc };
}[DiagnosticCode];

export function diagnostic<C extends DiagnosticCode>(code: C, args: DiagnosticArgs<C>, loc?: SourceLoc, severity: Severity = DIAGNOSTIC_INFO[code].severity): Diagnostic {
  return (loc ? { code, severity, args, loc } : { code, severity, args }) as Diagnostic;
}
