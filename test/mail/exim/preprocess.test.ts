import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findNamedList, findSetting } from '../../../src/mail/exim/config.js';
import { preprocessConfig } from '../../../src/mail/exim/preprocess.js';
import { readEximBpConfig, readEximConfigFile } from '../../../src/mail/exim/read-config.js';
import { readSample, SAMPLES_DIR, samplesAvailable } from './support/samples.js';

const texts = (text: string, defines: Record<string, string> = {}) => preprocessConfig(text, 'exim.conf', { defines }).lines.map((l) => l.text);

describe('raw configuration line processing', () => {
  it('replaces macros as plain substrings, in definition order', () => {
    expect(texts('DOM = example\ndomainlist local_domains = RANDOM.DOM.net')).toEqual(['domainlist local_domains = RANexample.example.net']);
  });

  it('-D defines override the file, and == redefines', () => {
    expect(texts('RELAY = a.test\nroute = RELAY', { RELAY: 'b.test' })).toEqual(['route = b.test']);
    expect(texts('RELAY = a.test\nRELAY == c.test\nroute = RELAY')).toEqual(['route = c.test']);
  });

  it('reports a plain = redefinition and a name containing an earlier macro', () => {
    const r = preprocessConfig('A1 = x\nA1 = y\nB = 1\nBB = 2\n', 'exim.conf');
    expect(r.diagnostics.map((d) => [d.code, d.loc?.line])).toEqual([['exim-macro-redefined', 2], ['exim-macro-substring', 4]]);
  });

  it('treats # as a comment only at the start of a line', () => {
    expect(texts('  # comment\nself = send  # not a comment')).toEqual(['self = send  # not a comment']);
  });

  it('joins continuations, skipping comment lines inside them; an empty line ends one', () => {
    expect(texts('domainlist allowed = \\\n    example.net : \\\n# comment\n    example.org')).toEqual(['domainlist allowed = example.net : example.org']);
    expect(texts('a = 1 \\\n\nb = 2')).toEqual(['a = 1 ', 'b = 2']);
  });

  it('.ifdef is true when any macro on the line is defined; .elifdef/.else/.endif nest', () => {
    const text = 'DOM = x\n.ifdef NOPE DOM\nq = any\n.else\nq = none\n.endif\n.ifndef DOM\nr = 1\n.elifdef OTHER\nr = 2\n.else\n.ifdef DOM\nr = 3\n.endif\n.endif';
    expect(texts(text)).toEqual(['q = any', 'r = 3']);
    expect(texts(text, { OTHER: '' })).toEqual(['q = any', 'r = 2']);
  });

  it('an unclosed .ifdef and a stray .endif are diagnostics with their line', () => {
    const r = preprocessConfig('.ifdef X\na = 1\n', 'exim.conf');
    expect(r.diagnostics.map((d) => [d.code, d.loc?.line])).toEqual([['exim-endif-missing', 1]]);
    expect(preprocessConfig('.endif\n', 'exim.conf').diagnostics[0]?.code).toBe('exim-conditional-unmatched');
  });

  it('built-in feature macros of Exim 4.96 are known to .ifdef', () => {
    expect(texts('.ifdef _HAVE_IPV6\na = 1\n.endif\n.ifdef _HAVE_NOSUCH\nb = 1\n.endif')).toEqual(['a = 1']);
  });
});

describe('.include', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const reader = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };

  it('reads includes relative to the including file, with locations in the included file', () => {
    dir = mkdtempSync(join(tmpdir(), 'ml-inc-'));
    mkdirSync(join(dir, 'conf.d'));
    writeFileSync(join(dir, 'conf.d', 'routers'), 'dnslookup:\n  driver = dnslookup\n  transport = RELAYT\n');
    writeFileSync(join(dir, 'exim.conf'), 'RELAYT = remote_smtp\nbegin routers\n.include conf.d/routers\n.include_if_exists /nonexistent/file\n');
    const config = readEximConfigFile(readFileSync(join(dir, 'exim.conf'), 'utf8'), join(dir, 'exim.conf'), { readFile: reader });
    expect(config.diagnostics).toEqual([]);
    const router = config.routers[0]!;
    expect([router.name, router.driver, findSetting(router.settings, 'transport')?.value]).toEqual(['dnslookup', 'dnslookup', 'remote_smtp']);
    expect(router.loc).toMatchObject({ origin: join(dir, 'conf.d', 'routers'), line: 1 });
  });

  it('include loops and missing files are diagnostics, never a hang', () => {
    dir = mkdtempSync(join(tmpdir(), 'ml-inc-'));
    writeFileSync(join(dir, 'a.conf'), '.include b.conf\nx = 1\n');
    writeFileSync(join(dir, 'b.conf'), '.include a.conf\n.include missing.conf\ny = 2\n');
    const r = preprocessConfig(readFileSync(join(dir, 'a.conf'), 'utf8'), join(dir, 'a.conf'), { readFile: reader });
    expect(r.lines.map((l) => l.text)).toEqual(['y = 2', 'x = 1']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['exim-include-loop', 'exim-include-missing']);
  });

  it('.include_if_exists needs an absolute path', () => {
    expect(preprocessConfig('.include_if_exists relative.conf\n', 'exim.conf').diagnostics[0]?.code).toBe('exim-include-relative');
  });
});

describe.skipIf(!samplesAvailable)('against Exim 4.96 captures', () => {
  it('reads syntax.conf as Exim did (bP-syntax-lists.txt)', () => {
    const reader = (path: string) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    };
    const config = readEximConfigFile(readSample('syntax.conf'), `${SAMPLES_DIR}/syntax.conf`, { readFile: reader });
    expect(config.diagnostics).toEqual([]);
    expect(findNamedList(config, 'domain', 'local_domains')?.value).toBe('localhost : mailhost.test : RANexample.example.net');
    expect(findNamedList(config, 'domain', 'allowed')?.value).toBe('example.net : example.org');
    expect(findSetting(config.main, 'qualify_domain')?.value).toBe('ifdef-any-macro-matched.test');
    expect(findSetting(config.routers[0]!.settings, 'route_list')?.value).toBe('* smtp.relay.example');
  });

  it('a raw file and its exim -bP config output give the same routers and transports', () => {
    const raw = readEximConfigFile(readSample('x.conf'), 'x.conf');
    const bp = readEximBpConfig(readSample('bP-config.txt'), 'bP-config.txt');
    expect(bp.diagnostics).toEqual([]);
    const shape = (c: typeof raw) => ({
      routers: c.routers.map((r) => [r.name, r.driver, r.settings.map((s) => `${s.form}:${s.name}=${s.value}`)]),
      transports: c.transports.map((t) => [t.name, t.driver]),
      lists: c.lists.map((l) => [l.type, l.name, l.value]),
    });
    expect(shape(bp)).toEqual(shape(raw));
  });
});
