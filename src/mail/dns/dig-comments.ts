// dig prints its answer as master-file records between `;;` comment lines. Those lines say
// which section a record is in and, for an empty answer, whether the name does not exist
// (status: NXDOMAIN) or has no record of the asked type (NOERROR with ANSWER: 0). That
// negative answer is worth keeping: without it an absent record would only be "unknown".
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import { normaliseName, type ZoneRecord } from './zone-record.js';

export type DigSection = 'none' | 'question' | 'answer' | 'authority' | 'additional';

export interface DigFacts {
  /** where each section starts; records in the AUTHORITY section only explain a negative answer */
  sectionStarts: { line: number; section: DigSection }[];
  absent: Extract<ZoneRecord, { type: 'absent' }>[];
  diagnostics: Diagnostic[];
}

interface Message {
  status?: string;
  answers?: number;
}

const SECTION_HEADER = /^;;\s*(QUESTION|ANSWER|AUTHORITY|ADDITIONAL) SECTION:/;

export function readDigComments(comments: { line: number; text: string }[], origin: string): DigFacts {
  const facts: DigFacts = { sectionStarts: [], absent: [], diagnostics: [] };
  let message: Message = {};
  let section: DigSection = 'none';
  for (const { line, text } of comments) {
    const header = SECTION_HEADER.exec(text);
    if (header) {
      section = header[1]!.toLowerCase() as DigSection;
      facts.sectionStarts.push({ line, section });
    } else if (text.includes('->>HEADER<<-')) {
      message = { status: /status:\s*([A-Z]+)/.exec(text)?.[1] };
      section = 'none';
      facts.sectionStarts.push({ line, section });
    } else if (/^;;\s*flags:/.test(text)) {
      const answers = /ANSWER:\s*(\d+)/.exec(text)?.[1];
      if (answers !== undefined) message.answers = Number(answers);
    } else if (section === 'question' && /^;[^;]/.test(text)) {
      noteQuestion(text.slice(1).trim().split(/\s+/), message, { origin, line, text }, facts);
    }
  }
  return facts;
}

/** The question line (`;gmail.com.  IN  MX`) is where status and answer count are both known. */
function noteQuestion(fields: string[], message: Message, loc: { origin: string; line: number; text: string }, facts: DigFacts): void {
  const name = fields[0];
  const rrtype = fields[fields.length - 1]?.toUpperCase();
  if (!name || !rrtype || fields.length < 2) return;
  switch (message.status) {
    case 'NXDOMAIN':
      facts.absent.push({ type: 'absent', name: normaliseName(name), rrtype, nxdomain: true });
      return;
    case 'NOERROR':
      if (message.answers === 0) facts.absent.push({ type: 'absent', name: normaliseName(name), rrtype, nxdomain: false });
      return;
    case undefined:
      return;
    default:
      // SERVFAIL, REFUSED…: the answer says nothing about the name, so it stays unknown
      facts.diagnostics.push(
        diagnostic('dns-dig-status', { status: message.status, name: normaliseName(name), rrtype }, loc),
      );
  }
}
