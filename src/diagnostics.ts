// Diagnostics are data: a stable code, where it happened and the original text. Wording for
// people lives in the renderers; tests assert codes.
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

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  loc?: SourceLoc;
}

export function diagnostic(code: string, severity: Severity, message: string, loc?: SourceLoc): Diagnostic {
  return loc ? { code, severity, message, loc } : { code, severity, message };
}

/** Formats a diagnostic for people: `stdin:12:5: warning: message` followed by the line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.loc ? `${d.loc.origin}:${d.loc.line}${d.loc.column ? `:${d.loc.column}` : ''}: ` : '';
  const text = d.loc && d.loc.text.trim() ? `\n    ${d.loc.text.trim()}` : '';
  return `${where}${d.severity}: ${d.message} [${d.code}]${text}`;
}
