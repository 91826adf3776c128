// `exim -bP config` output (Exim ≥ 4.87) → logical lines. Exim has already substituted macros,
// resolved `.ifdef`, inlined `.include`s, joined continuations and dropped comments; what is left
// are `# <line> "<file>"` markers and macro definition lines (exim-samples/bP-config*.txt).
// Locations point into the capture the user gave us, the file they can open.
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import type { ConfigLine } from './config.js';
import { readMacroDefinition } from './macros.js';

export interface BpConfigLines {
  lines: ConfigLine[];
  /** the configuration files named by the `# <line> "<file>"` markers */
  files: string[];
  diagnostics: Diagnostic[];
}

const HEADER = /^# Exim Configuration \(([^)]*)\)/;
const MARKER = /^# (\d+) "(.*)"$/;
// wrappers around a capture pasted from a terminal or from the reference samples
const WRAPPER = /^(\$ .*|--- (stdout|stderr|exit code.*) ---)$/;

export function readBpConfig(text: string, origin: string): BpConfigLines {
  const result: BpConfigLines = { lines: [], files: [], diagnostics: [] };
  const physical = text.split(/\r?\n/);
  let sawHeader = false;
  physical.forEach((raw, index) => {
    const loc = { origin, line: index + 1, text: raw };
    const line = raw.trim();
    if (line === '' || WRAPPER.test(line)) return;
    if (HEADER.test(line)) {
      sawHeader = true;
      return;
    }
    const marker = MARKER.exec(line);
    if (marker) {
      if (!result.files.includes(marker[2]!)) result.files.push(marker[2]!);
      return;
    }
    if (line.startsWith('#')) return;
    // non-admin callers see hidden values masked; the option is present but its value is not
    if (line.includes('<value not displayable>')) {
      result.diagnostics.push(diagnostic('exim-bp-hidden', {}, loc));
    }
    if (readMacroDefinition(line)) return;
    result.lines.push({ text: line, loc });
  });
  if (!sawHeader) {
    result.diagnostics.push(diagnostic('exim-bp-no-header', {}, { origin, line: 1, text: physical[0] ?? '' }));
  }
  return result;
}
