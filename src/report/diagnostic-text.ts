// The wording of every diagnostic, made from its arguments: one function per code, so the
// compiler finds a code without its sentence. Parsers only say what happened (src/diagnostics.ts).
import type { Diagnostic, DiagnosticArgs, DiagnosticCode } from '../diagnostics.js';
import { TABLE_NAMES } from '../firewall/model.js';

type Wording = { [C in DiagnosticCode]: (a: DiagnosticArgs<C>) => string };

const BAD_VALUE: Record<DiagnosticArgs<'bad-option-value'>['value'], string> = {
  'icmp-type': 'ICMP type',
  'tcp-flags': 'TCP flags',
  'tcp-option': 'TCP option',
  'address-range': 'address range',
  'conn-state': 'connection state',
  'owner-id': 'owner id',
  port: 'port',
};

const ZONE_SYNTAX: Record<DiagnosticArgs<'dns-zone-syntax'>['problem'], string> = {
  'unclosed-quote': 'unclosed quote',
  'unopened-parenthesis': 'closing parenthesis without an opening one',
  'unclosed-parenthesis': 'parenthesis not closed before the end of the text',
};

const ZONE_RDATA: Record<DiagnosticArgs<'dns-zone-rdata'>['rrtype'], string> = {
  MX: 'expected "PREFERENCE EXCHANGE"',
  A: 'expected one IPv4 address',
  AAAA: 'expected one IPv6 address',
  CNAME: 'expected one target name',
  SOA: 'expected MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM',
};

const tool = (family: number): string => (family === 6 ? 'ip6tables' : 'iptables');

const WORDING: Wording = {
  'exim-endif-missing': () => 'unexpected end of configuration file: .endif missing',
  'exim-macro-too-long': (a) => `macros expand this line beyond ${a.max} characters (Exim refuses overlong lines); line not read`,
  'exim-macro-redefined': (a) => `macro "${a.name}" is already defined (use == to redefine it)`,
  'exim-macro-substring': (a) => `"${a.name}" cannot be defined as a macro because an earlier macro is a substring of it`,
  'exim-conditional-unmatched': (a) => `.${a.directive} without a preceding .ifdef`,
  'exim-directive-unknown': (a) => `unknown directive .${a.directive}`,
  'exim-include-relative': () => '.include_if_exists specifies a non-absolute path',
  'exim-include-loop': (a) => `${a.path} includes itself (through ${a.through.join(' → ')}); not read again`,
  'exim-include-missing': (a) => `cannot read included file ${a.path}; what it defines is not known`,
  'exim-bp-hidden': () => 'value hidden from a non-admin caller; run exim -bP config as root',
  'exim-bp-no-header': () => 'no "# Exim Configuration" header: is this really `exim -bP config` output?',
  'exim-bt-unrecognised': () => 'line not recognised as exim -bt output',
  'exim-bt-other-recipient': (a) => `the exim -bt output does not mention ${a.recipient}${a.others.length ? ` (it is about ${a.others.join(', ')})` : ''}`,
  'exim-section-unknown': (a) => `unknown section "begin ${a.name}"`,
  'exim-section-repeated': (a) => `section "${a.section}" is repeated`,
  'exim-driver-line-unreadable': (a) => `a line in "${a.driver}" is not an option setting; ${a.driver} is not known`,
  'exim-option-syntax': (a) => (a.driver === undefined ? 'not an option setting (name = value)' : `not an option setting in "${a.driver}"`),
  'exim-driver-duplicate': (a) => `there are two drivers named "${a.name}"`,
  'exim-option-outside-driver': () => 'option line before the first driver name ("name:")',

  'postfix-line-syntax': (a) => `${a.file}: ${a.problem === 'no-equals' ? "missing '=' after the parameter name" : a.problem === 'continuation-first' ? 'a continuation line (starting with whitespace) before any parameter' : 'not a parameter name'}; line not read`,
  'postfix-param-repeated': (a) => `${a.name} is set again (first at line ${a.firstLine}); the later setting wins, as in Postfix`,
  'postfix-master-syntax': (a) => (a.problem === 'fields' ? 'a master.cf entry needs 8 fields (service type private unpriv chroot wakeup maxproc command)' : a.problem === 'type' ? `service ${a.service ?? '?'}: unknown service type` : `service ${a.service ?? '?'}: an -o option without name=value`),
  'postfix-map-syntax': (a) => `${a.map}: not a "key value" line; not read`,
  'postfix-regexp-unread': (a) => (a.reason === 'syntax' ? `${a.map}: this pattern cannot be evaluated here; a match on it is unknown` : `${a.map}: if/endif blocks are not evaluated; the lines inside are treated as unknown`),

  'dns-dig-status': (a) => `dig got ${a.status} for ${a.name} ${a.rrtype}; treated as unknown`,
  'dns-zone-syntax': (a) => ZONE_SYNTAX[a.problem],
  'dns-zone-owner': () => 'record without an owner name and no previous record to take it from',
  'dns-zone-type': (a) => (a.rrtype === undefined ? 'record without a type' : `unknown record type "${a.rrtype}"`),
  'dns-zone-rdata': (a) => `${a.rrtype} record for ${a.name || '.'}: ${ZONE_RDATA[a.rrtype]}`,
  'dns-zone-ignored': (a) => `${a.rrtype} record for ${a.name || '.'} kept but not used for mail routing`,
  'dns-zone-directive': (a) => {
    switch (a.problem) {
      case 'origin-value': return '$ORIGIN needs one absolute name (ending in ".")';
      case 'ttl-value': return '$TTL needs one time value';
      case 'unsupported': return `${a.directive} is not supported; the line is ignored`;
    }
  },
  'dns-zone-origin': () => '"@" used before any $ORIGIN',
  'dns-zone-relative': (a) => `"${a.name}" has no trailing dot and there is no $ORIGIN; read as an absolute name`,

  'family-assumed': (a) => `${a.origin}: nothing shows whether this is iptables or ip6tables; read as IPv4 (use --family 6, or --ip6tables FILE)`,
  'merge-family-conflict': (a) => `inputs of different families were combined (${a.inputs.map((r) => `${r.origin}: IPv${r.family ?? '?'}`).join(', ')}); the first family is used`,
  'merge-chain-conflict': (a) => `${a.table} chain ${a.chain} is given differently in ${a.kept} and ${a.dropped}; the one from ${a.kept} is used`,

  'legacy-tables-present': (a) => (a.format === 'save'
    ? 'the legacy back end has tables too: this dump does not show them (run iptables-legacy-save)'
    : 'iptables-legacy tables are present and are not in this listing; they filter packets too'),
  'nft-incompatible-chains': () => 'the table has nft base chains iptables cannot show: list them with nft',
  'nft-incompatible-table': (a) => (a.format === 'save'
    ? 'a table was left out because iptables cannot show it: list it with nft'
    : `table ${a.table} holds nft rules that iptables cannot show; the listing of this table is incomplete`),
  'unterminated-quote': () => 'a quote is not closed (line cut off?)',
  'bad-rule-line': () => 'rule line without a command',
  'rule-outside-table': (a) => {
    switch (a.line) {
      case 'rule': return 'rule before any *table line: the filter table is assumed';
      case 'chain': return 'chain line before any *table line';
      case 'commit': return 'COMMIT without a *table line';
    }
  },
  'bad-chain-line': () => 'chain line not understood',
  'missing-commit': (a) => (a.next === undefined
    ? `no COMMIT after *${a.table}: the text may be cut off`
    : `*${a.next} before COMMIT of ${a.table}: the previous table may be cut off`),
  'duplicate-table': (a) => `*${a.table} appears twice: its chains are merged (two dumps pasted together?)`,
  'unknown-table': (a) => {
    switch (a.context) {
      case 'save': return `table ${a.table} is not known: its lines are skipped`;
      case 'save-line': return 'line of an unknown table skipped';
      case 'command': return `table ${a.table} is not known: command ignored`;
      case 'listing': return `table "${a.table}" is not one of ${TABLE_NAMES.join(', ')}`;
    }
  },
  'unresolved-command': (a) => `${a.variable} is not set in this text: the command is not read, the rules it changes are unknown`,
  'call-too-deep': (a) => `functions call each other more than ${a.max} deep: not followed further`,
  'case-branch-read': (a) => `case ${a.subject}: read the ${a.read.join('|')}) branch, which loads the rules${a.others.length ? `; not read: ${a.others.map((p) => `${p.join('|')})`).join(' ')}` : ''}`,
  'ignored-line': (a) => {
    switch (a.context) {
      case 'save': return 'not part of iptables-save text: ignored';
      case 'script': return `${a.saveTool ? `${a.program} is not a rule command` : `not an iptables command (${a.program})`}: ignored`;
    }
  },
  'unreadable-rule-line': (a) => {
    switch (a.format) {
      case 'save': return `this line inside the ${a.table} table is not a rule, chain or COMMIT line: it is kept as an unknown rule of ${a.chains.length > 0 ? a.chains.join(', ') : 'every chain of the table'}`;
      case 'listing': return `this line of chain ${a.chain} looks like a damaged rule: it is kept as rule ${a.rule}, which may match and do anything`;
    }
  },
  'internal-error': (a) => (a.stage === 'command' ? `command could not be applied: ${a.error}` : `line could not be read: ${a.error}`),

  'rule-too-large': (a) => {
    switch (a.kind) {
      case 'words': return `a rule of ${a.words} words (more than ${a.max}; iptables-restore accepts 255): not read, it may or may not match`;
      case 'variants': return `-s/-d lists make ${a.rules} rules (more than ${a.max}): not expanded, the rule may or may not match`;
    }
  },
  'unexpected-argument': (a) => `unexpected word: ${a.word}`,
  'dangling-negation': () => '! with nothing after it',
  'unresolved-value': (a) => {
    switch (a.what) {
      case 'address': return `address not understood: ${a.text}`;
      case 'interface': return `interface not known: ${a.text}`;
      case 'value': return `value ${a.text} is not known`;
    }
  },
  'bad-address': (a) => (a.problem === 'unreadable' ? `address not understood: ${a.text}` : '! is not allowed with several addresses'),
  'family-mismatch': (a) => (a.context === 'text'
    ? `the text looks like IPv${a.seen} rules, but IPv${a.requested} was requested`
    : `${a.text} is not an IPv${a.family} address (iptables would reject this rule)`),
  'missing-value': (a) => (a.count === undefined ? `${a.option} needs a value` : `${a.option} needs ${a.count} value(s)`),
  'bad-protocol': (a) => `protocol not understood: ${a.text}`,
  'multiple-targets': () => 'more than one -j/-g: the last one is kept',
  'bad-counters': (a) => `counters not understood: ${a.text}`,
  'ambiguous-option': (a) => `${a.option} is ambiguous (${a.candidates.join(', ')}): iptables refuses this rule`,
  'unknown-option': (a) => `option ${a.option} belongs to no loaded match (missing -m?)`,
  'bad-option-value': (a) => `${BAD_VALUE[a.value]} not understood: ${a.text}`,
  'unknown-service-name': (a) => `service name not known: ${a.name}`,

  'chain-not-declared': (a) => `chain ${a.chain} is used before it is created (${a.table} table)`,
  'target-wrong-table': (a) => `${a.action} is only valid in the nat table, not ${a.table} (iptables would reject this rule)`,
  'delete-no-match': (a) => `-D: no rule in ${a.chain} equals this one (iptables would fail)`,
  'unknown-chain': (a) => {
    switch (a.op) {
      case '-E': return `-E: no chain ${a.chain}`;
      case '-D': return `-D: no chain ${a.chain} in ${a.table}`;
      case '-X': return `-X: no user chain ${a.chain}`;
    }
  },
  'bad-rule-number': (a) => {
    switch (a.op) {
      case '-I': return `-I ${a.chain} ${a.position}: index of insertion too big (iptables would fail)`;
      case '-D': return `-D ${a.chain} ${a.position}: no such rule`;
      case '-R': return `-R ${a.chain} ${a.position}: no such rule, or several addresses`;
    }
  },
  'chain-exists': (a) => `-N ${a.chain}: the chain already exists`,
  'chain-not-empty': (a) => `-X ${a.chain}: the chain still has rules (iptables would fail)`,
  'bad-policy': (a) => {
    switch (a.problem) {
      case 'not-builtin': return `-P ${a.chain}: only built-in chains of ${a.table} have a policy`;
      case 'not-accept-drop': return `-P ${a.chain} ${a.policy}: a policy is ACCEPT or DROP`;
      case 'not-understood': return `policy ${a.policy} not understood`;
      case 'policy-on-user-chain': return `${a.chain} is not a built-in chain of ${a.table} but has a policy`;
    }
  },
  'chain-body-unknown': (a) => `${a.chain} is neither a known target nor a chain defined in this text (${a.table} table): its rules are unknown`,

  'no-command': () => 'iptables without a command that changes rules: ignored',
  'command-in-shell-block': () => 'inside an if/for/while/function: assumed to run once',
  'table-inferred': (a) => (a.from === 'commands'
    ? `no command names the table: the built-in chains say ${a.table}`
    : `no -t was shown; the chains and targets indicate the ${a.table} table`),
  'family-unclear': (a) => `${a.commands} command(s) of unknown family were left out`,
  'other-family-ignored': (a) => `${a.commands} ${a.tool} command(s) are not in this ruleset: parse the other family to see them`,
  'bad-command': (a) => {
    switch (a.problem) {
      case 'table-missing': return '-t needs a table name';
      case 'several-commands': return `more than one command (${a.option}): only the first is used`;
      case 'chain-missing': return `${a.option} needs a chain name`;
      case 'rule-number-missing': return `${a.option} needs a rule number`;
      case 'policy-missing': return `${a.option} needs a policy`;
      case 'name-missing': return `${a.option} needs a new name`;
    }
  },
  'assumed-iptables': (a) => `${a.variable} is not set in this text: assumed to be ${tool(a.family)}`,

  'interfaces-unknown': () => 'the listing was made without -v: interfaces and counters are not shown, so any rule may be limited to an interface',
  'not-a-listing': () => 'no `Chain …` block or rule line was found: this does not look like iptables -L output',
  'empty-listing': () => 'the listing is empty',
  'mixed-families': () => 'the text holds both IPv4 and IPv6 rules; parse each listing separately for a reliable answer',
  'line-not-parsed': (a) => `internal error while reading this line: ${a.error}`,
  'unknown-policy': (a) => `policy "${a.policy}" is not ACCEPT or DROP`,
  'listing-truncated': (a) => {
    switch (a.part) {
      case 'chain-header': return `the header of chain ${a.chain} is cut off`;
      case 'column-header': return `the column header of chain ${a.chain} is cut off`;
      case 'chain-body': return `chain ${a.chain} has a header but no column header or rules (the listing is cut off after line ${a.lastLine})`;
      case 'rule': return `the listing ${a.certain ? 'is' : 'may be'} cut off inside rule ${a.rule} of chain ${a.chain}`;
    }
  },
  'listing-command': (a) => {
    if (!a.list) return `${a.tool} command: not a listing`;
    const flags = [a.verbose ? '-v' : 'no -v', a.numeric ? '-n' : 'no -n'].join(', ');
    return `${a.tool} command: lists ${a.chain === undefined ? 'all chains' : `chain ${a.chain}`} of table ${a.table} (${flags})`;
  },
  'listing-filtered': () => 'the listing went through a pipe: rules may have been filtered out',
  'rule-outside-chain': () => 'a rule line without a `Chain` header before it: its chain is not known, so it is left out',
  'columns-mismatch': () => 'this line does not have the columns its header announces; they were inferred from the line itself',
  'markup-ignored': () => 'formatting markup from the paste is ignored',
  'listing-gap': () => 'part of the listing is missing here',
  'possible-continuation': () => 'this line is not a rule; it may continue the previous rule and is kept with it as unknown text',
  'unrecognised-line': () => 'this line is not part of an iptables listing and was skipped',
  'table-label-mismatch': (a) => `this label says ${a.label} but the command said -t ${a.command}; the command wins`,
  'table-label': (a) => `the label names the ${a.table} table for the listing that follows`,
  'duplicate-chain': (a) => `chain ${a.chain} is listed again${a.laterLine === undefined ? '' : ` at line ${a.laterLine}`} in table ${a.table}; this earlier listing is replaced by the later one`,
  'rule-superseded': (a) => `this rule belongs to an earlier listing of chain ${a.chain} that a later one replaces`,
  'chain-not-listed': (a) => `chain ${a.chain} is jumped to but its rules were not listed`,
  'chain-not-in-table': (a) => `chain ${a.chain} has a policy but is not a builtin chain of the ${a.table} table`,
  'line-numbers-gap': (a) => `line numbers jump from ${a.from} to ${a.to} in chain ${a.chain}: rules are missing from the listing`,
  'line-number-mismatch': (a) => `line number ${a.printed} should be ${a.expected} (rule ${a.expected} of chain ${a.chain}); the rule is kept at position ${a.expected}`,
  'tool-warning': () => 'a warning from iptables: the listing may be incomplete',
  'tool-error': () => 'an error message from iptables: this listing may be missing',
  'shell-noise': () => 'a password prompt from the paste is ignored',
  'unknown-protocol': (a) => `protocol "${a.protocol}" is not known; the rule may or may not match`,
  'column-lost': (a) => `the ${a.lost === 'both' ? 'source and destination columns are' : `${a.lost} column is`} missing from this line; assumed to be "anywhere"`,
  'unknown-extension': (a) => `extension text "${a.text}" is not understood; the rule may or may not match`,
  'nft-syntax': (a) => `expected ${a.expected} but found "${a.found}"; the rest of this statement is skipped`,
  'nft-include': (a) => `include "${a.path}" is not followed: pass that file with another --nft`,
  'nft-variable-undefined': (a) => `variable $${a.name} is used but not defined`,
  'nft-command-ignored': (a) => `the nft command "${a.command}" is not a listing and is ignored`,
  'nft-expression-unknown': (a) => `nft expression "${a.text}" is not understood; the rule may or may not match`,
  'nft-priority-unreadable': (a) => `chain priority "${a.text}" is not understood; priority 0 is assumed`,
  'nft-set-missing': (a) => `set @${a.name} is used but not listed; the rule may or may not match`,
  'nft-json-invalid': (a) => `not nft -j list ruleset output: ${a.message}`,
};

/** The sentence for one diagnostic. */
export function diagnosticMessage(d: Diagnostic): string {
  // the union is narrowed per code by the table's type; TypeScript cannot correlate the two here
  return (WORDING[d.code] as (a: Diagnostic['args']) => string)(d.args);
}

/** Formats a diagnostic for people: `stdin:12:5: warning: message [code]` followed by the line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.loc ? `${d.loc.origin}:${d.loc.line}${d.loc.column ? `:${d.loc.column}` : ''}: ` : '';
  const text = d.loc && d.loc.text.trim() ? `\n    ${d.loc.text.trim()}` : '';
  return `${where}${d.severity}: ${diagnosticMessage(d)} [${d.code}]${text}`;
}

/** The JSON form (docs/json-schema.md): `{code, severity, message, loc?}`, the message worded here. */
export function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return { code: d.code, severity: d.severity, message: diagnosticMessage(d), ...(d.loc ? { loc: d.loc } : {}) };
}
