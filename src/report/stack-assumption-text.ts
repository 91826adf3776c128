// The wording of a plan's stack assumptions (src/mail/types.ts StackAssumption): what mailleak
// took from the hosting stack's documented defaults, why, and the command that settles it. The
// facts and reasons come from the stack table (src/mail/exim/stack-table.ts).
import { ENV_DEFAULTS, HOSTED_DOMAIN_SOURCES, STACK_FUNCTIONS, STACK_NAMES, findAbsentFile } from '../mail/exim/stack-table.js';
import type { HostingStack, StackAssumption } from '../mail/types.js';

export function describeStack(stack: HostingStack): string {
  return STACK_NAMES[stack];
}

export function describeStackAssumption(a: StackAssumption): string {
  switch (a.kind) {
    case 'file-absent': {
      const why = findAbsentFile(a.stack, a.path)?.why ?? `${STACK_NAMES[a.stack]} does not create it by default`;
      return `assumed: ${a.path} does not exist (${why}); check with: ls -l ${a.path}`;
    }
    case 'domain-not-hosted': {
      const source = HOSTED_DOMAIN_SOURCES.find((s) => s.stack === a.stack && s.path === a.source);
      const what = source ? ` (${source.what})` : '';
      const check = source?.form === 'directory' ? `ls -d ${a.source}/${a.domain}` : source?.form === 'mailboxes' ? `grep -i '@${a.domain}' ${a.source}` : `grep -ix '${a.domain}' ${a.source}`;
      return `assumed: ${a.domain} is not hosted on this server, so ${a.source}${what} does not list it; check with: ${check}`;
    }
    case 'function-result': {
      const f = STACK_FUNCTIONS.find((s) => s.stack === a.stack && s.name === a.name);
      return `assumed: \${perl{${a.name}}} returns "${a.result}": ${f ? `${f.meaning} (${f.why})` : 'its normal result'}; mailleak never runs Perl`;
    }
    case 'debian-configtype':
      return a.from === 'macro'
        ? `Debian configtype ${a.configtype} (DCconfig_${a.configtype} is defined, as update-exim4.conf does from dc_eximconfig_configtype)`
        : `assumed: Debian configtype as the template reads without update-exim4.conf — no DCconfig_* macro is defined, so no router for remote domains exists (as with configtype local); check with: grep dc_eximconfig_configtype /etc/exim4/update-exim4.conf.conf`;
    case 'env-default': {
      const e = ENV_DEFAULTS.find((d) => d.stack === a.stack && d.variable === a.variable);
      return `assumed: ${a.variable}="${a.value}" as the image sets it${e ? ` (${e.why})` : ''}; check with: docker exec <container> printenv ${a.variable}`;
    }
  }
}
