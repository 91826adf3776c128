// A section's line N is line N + firstLine - 1 of its origin (a paste holds several sections);
// parsers number from the start of the text they were given, so evidence is shifted here.
import type { Diagnostic, SourceLoc } from '../../diagnostics.js';

export function shiftLoc<T extends SourceLoc | undefined>(loc: T, offset: number): T {
  return loc && offset !== 0 ? ({ ...loc, line: loc.line + offset } as T) : loc;
}

export function shiftDiagnostic(d: Diagnostic, offset: number): Diagnostic {
  return d.loc && offset !== 0 ? { ...d, loc: shiftLoc(d.loc, offset) } : d;
}
