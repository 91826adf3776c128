// A zone file or dig output given as a file (--dns FILE, a pasted section): one way to read it
// for every command. A file named after its zone (`gmail.com.zone`, `example.test.db`) gives
// the origin relative names have before any $ORIGIN line (named.conf's `zone "gmail.com"`).
import { parseZoneText, type ZoneParseResult } from './zone-parse.js';

/** `gmail.com.zone` → gmail.com: the origin before any $ORIGIN line. */
export function zoneOriginOf(origin: string): string | undefined {
  const m = /([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\.(?:zone|db|txt)$/.exec(origin);
  return m?.[1];
}

/** Parses a zone or dig text; `origin` names it ("stdin", a path) and may give the zone's origin. */
export function readZoneFile(text: string, origin: string): ZoneParseResult {
  const zoneOrigin = zoneOriginOf(origin);
  return parseZoneText(text, origin, zoneOrigin ? { zoneOrigin } : {});
}
