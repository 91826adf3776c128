// Text hygiene shared by every input path. Pastes come from terminals, web pages and Windows
// editors: colour codes, CRLF and a BOM must not change what a parser sees, and must never shift
// line numbers (a section's firstLine is counted in the normalised text, which has the same lines).

// CSI sequences (colours, cursor moves) and OSC sequences (terminal titles, hyperlinks), as
// ECMA-48 defines them; bounded so a 10,000-character line cannot make the match slow.
const CSI = /\u001b\[[0-?]{0,64}[ -/]{0,16}[@-~]/g;
const OSC = /\u001b\][^\u0007\u001b]{0,4096}(?:\u0007|\u001b\\)/g;
const OTHER_ESCAPE = /\u001b[@-_]?/g;

/** Removes ANSI escapes, a leading BOM and CR before LF. Line count and line order stay the same. */
export function normalizeText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(OSC, '')
    .replace(CSI, '')
    .replace(OTHER_ESCAPE, '')
    .replace(/\r\n/g, '\n');
}

/** Lines without their breaks; a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** NUL bytes do not occur in any text format we read: the input is probably a binary file. */
export function looksBinary(text: string): boolean {
  return text.includes('\u0000');
}
