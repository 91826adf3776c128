// The page's state in the URL fragment, so a link reproduces an analysis: JSON, compressed with
// deflate-raw (CompressionStream, in every current browser) and written as base64url. The
// fragment never reaches a server (RFC 3986 §3.5: it is not sent in the request).
import type { PageInput, PageInputKind, PageState } from './page-state.js';
import { emptyState, INPUT_KINDS } from './page-state.js';

const PREFIX = 's=';

async function pipeBytes(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export async function encodeState(state: PageState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return `${PREFIX}${toBase64Url(await pipeBytes(json, new CompressionStream('deflate-raw')))}`;
}

/** The longest fragment a link may carry: Firefox keeps URLs up to 1 MiB (network.standard-url.max-length),
 *  Chromium up to 2 MiB (url::kMaxURLChars); past that a browser drops or cuts the link. */
export const MAX_FRAGMENT_CHARS = 1_000_000;

export type StateLink = { kind: 'link'; fragment: string } | { kind: 'too-large'; chars: number };

/** The fragment for a link, or how long it would be when it is too long for one. */
export async function linkForState(state: PageState): Promise<StateLink> {
  const fragment = await encodeState(state);
  return fragment.length <= MAX_FRAGMENT_CHARS ? { kind: 'link', fragment } : { kind: 'too-large', chars: fragment.length };
}

export function describeTooLarge(chars: number): string {
  return `These inputs are too large for a link: compressed they take ${chars.toLocaleString('en')} characters, and browsers keep at most ${MAX_FRAGMENT_CHARS.toLocaleString('en')} in an address. The address bar does not carry them; share the files instead.`;
}

/** The state a fragment carries; undefined when it carries none or cannot be read (a truncated link). */
export async function decodeState(fragment: string): Promise<PageState | undefined> {
  const body = fragment.replace(/^#/, '');
  if (!body.startsWith(PREFIX)) return undefined;
  try {
    const bytes = await pipeBytes(fromBase64Url(body.slice(PREFIX.length)), new DecompressionStream('deflate-raw'));
    return checkState(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return undefined;
  }
}

const KINDS = new Set<string>(INPUT_KINDS.map((k) => k.kind));
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A link is user text too: keep only what has the shape of a state. */
function checkState(value: unknown): PageState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const inputs: PageInput[] = [];
  for (const i of Array.isArray(v.inputs) ? v.inputs : []) {
    const o = (typeof i === 'object' && i !== null ? i : {}) as Record<string, unknown>;
    if (typeof o.kind === 'string' && KINDS.has(o.kind)) inputs.push({ name: str(o.name), kind: o.kind as PageInputKind, text: str(o.text) });
  }
  const family = v.family === '4' || v.family === '6' ? v.family : '';
  return { ...emptyState(), target: str(v.target), allow: strs(v.allow), inputs, oif: str(v.oif), src: str(v.src), uid: str(v.uid), gid: str(v.gid), family, mtaContainer: strs(v.mtaContainer), sender: str(v.sender) };
}
