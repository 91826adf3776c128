// The expansion evaluator's three values on the cases routers use: unknown only where mailleak
// lacks something (a variable, a file, code it never runs), forced failure kept apart.
import { describe, expect, it } from 'vitest';
import { expandString } from '../../../src/mail/exim/expand/evaluate.js';
import type { ExpandContext, FileState } from '../../../src/mail/exim/expand/types.js';

function ctx(files: Record<string, FileState> = {}, vars: Record<string, string> = { domain: 'gmail.com', local_part: 'user' }): ExpandContext {
  return { variable: (n) => vars[n], file: (p) => files[p] ?? { kind: 'unknown', reason: `${p} not at hand` } };
}

describe('expandString', () => {
  it('never runs perl, run, readsocket, dlfunc, acl or SQL/LDAP lookups: they are unknown', () => {
    for (const e of ['${perl{check_mail_permissions}}', '${run{/bin/true}}', '${run,preexpand{/bin/sh -c x}}', '${readsocket{/tmp/s}{x}}', '${dlfunc{/lib/x.so}{f}}', '${acl{check}}', '${lookup mysql{select 1}}', '${lookup ldap{ldap:///x}}', '${lookup redis{get x}}', '${lookup dnsdb{mx=x}}']) {
      expect(expandString(e, ctx()).kind, e).toBe('unknown');
    }
  });

  it("Debian's hubbed_hosts: absent file → forced failure; unknown file → unknown; present → the lookup list", () => {
    const e = '${if exists{/etc/exim4/hubbed_hosts}{partial-lsearch;/etc/exim4/hubbed_hosts}fail}';
    expect(expandString(e, ctx({ '/etc/exim4/hubbed_hosts': { kind: 'absent' } }))).toEqual({ kind: 'failed', forced: true, message: '' });
    expect(expandString(e, ctx()).kind).toBe('unknown');
    expect(expandString(e, ctx({ '/etc/exim4/hubbed_hosts': { kind: 'file', text: '' } }))).toEqual({ kind: 'text', text: 'partial-lsearch;/etc/exim4/hubbed_hosts' });
  });

  it('an unknown variable makes only what depends on it unknown', () => {
    expect(expandString('${if eq{$sender_address}{}{a}{b}}', ctx()).kind).toBe('unknown');
    expect(expandString('${if eq{$sender_address}{}{same}{same}}', ctx())).toEqual({ kind: 'text', text: 'same' });
    expect(expandString('${if or{{eq{$domain}{gmail.com}}{eq{$sender_address}{x}}}{yes}{no}}', ctx())).toEqual({ kind: 'text', text: 'yes' });
    expect(expandString('${if def:h_subject:{y}{n}}', ctx()).kind).toBe('unknown');
  });

  it('lookups with partial matching, defaults and $value', () => {
    const files = { '/etc/routes': { kind: 'file', text: '*.example.test: relay.test\n*: default.test\n' } as FileState };
    expect(expandString('${lookup{a.b.example.test}partial-lsearch{/etc/routes}{<$value>}}', ctx(files))).toEqual({ kind: 'text', text: '<relay.test>' });
    expect(expandString('${lookup{gmail.com}lsearch*{/etc/routes}}', ctx(files))).toEqual({ kind: 'text', text: 'default.test' });
    expect(expandString('${lookup{gmail.com}lsearch{/etc/missing}}', ctx({ '/etc/missing': { kind: 'absent' } })).kind).toBe('failed');
  });

  it('syntax errors are failures with a message, never exceptions', () => {
    const r = expandString('${if eq{a}', ctx());
    expect(r.kind).toBe('failed');
  });
});
