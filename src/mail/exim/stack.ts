// Which hosting stack generated a configuration (issue "Exim as deployed" §4), recognised from
// markers the stacks' own templates carry: router names, the files they test, Debian's DCconfig_*
// macros. What each stack documents about files and functions not at hand is in stack-table.ts.
import type { DebianConfigtype, HostingStack } from './stack-types.js';
import type { EximConfig } from './config.js';


export function detectStack(config: EximConfig): HostingStack | undefined {
  const names = new Set(config.routers.map((r) => r.name));
  const values = [...config.main, ...config.routers.flatMap((r) => r.settings)].map((s) => s.value).concat(config.lists.map((l) => l.value)).join('\n');
  if (names.has('democheck') || names.has('fail_remote_domains') || /\/etc\/(?:localdomains|userdomains)\b/.test(values)) return 'cpanel';
  if (/\/etc\/virtual\/(?:domains|domainowners)\b/.test(values) || (/\/etc\/virtual\//.test(values) && /\bcheck_limits\b/.test(values))) return 'directadmin';
  if (/\/etc\/exim4?\/domains\//.test(values)) return /hestia/i.test(values) ? 'hestia' : 'vesta';
  // the devture/exim-relay container: its exim.conf keeps SMARTHOST from the image's environment
  if (/\$\{env\{SMARTHOST\}/.test(values) && names.has('smarthost')) return 'exim-relay';
  if (debianMacros(config).length > 0 || names.has('hubbed_hosts') || /\/etc\/exim4\//.test(values)) return 'debian';
  return undefined;
}

const CONFIGTYPES: readonly DebianConfigtype[] = ['internet', 'smarthost', 'satellite', 'local'];

function debianMacros(config: EximConfig): string[] {
  return (config.macroNames ?? []).filter((m) => m.startsWith('DCconfig_'));
}

/**
 * Debian's configtype: update-exim4.conf defines DCconfig_<type> from dc_eximconfig_configtype
 * (update-exim4.conf(8)). None defined: the template read as it is, where no `.ifdef DCconfig_*`
 * block is kept, so no router takes a remote domain — as with configtype "local".
 */
export function debianConfigtype(config: EximConfig): { configtype: DebianConfigtype; from: 'macro' | 'template' } {
  const defined = debianMacros(config).map((m) => m.slice('DCconfig_'.length));
  const found = CONFIGTYPES.find((c) => defined.includes(c));
  return found ? { configtype: found, from: 'macro' } : { configtype: 'local', from: 'template' };
}
