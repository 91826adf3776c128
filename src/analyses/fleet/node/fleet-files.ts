// Fleet on Node: a bundle file read from disk, analysed with live DNS available.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { describeReadError, MAX_INPUT_BYTES } from '../../../input/read.js';
import { liveDns } from '../../../mail/dns/live-resolver.js';
import { analyseBundleText, unreadable } from '../fleet-host.js';
import type { FleetHostResult, FleetOptions } from '../fleet-types.js';

/** Reads and analyses one bundle file. */
export async function analyseBundleFile(file: string, options: FleetOptions): Promise<FleetHostResult> {
  let text: string;
  try {
    const buf = await readFile(file);
    if (buf.length > MAX_INPUT_BYTES) return unreadable(file, basename(file), `larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; not read`);
    text = buf.toString('utf8');
  } catch (err) {
    return unreadable(file, basename(file), `cannot read: ${describeReadError(err)}`);
  }
  return analyseBundleText(text, file, options, liveDns);
}
