// Which hosting stack generated a configuration (issue "Exim as deployed" §4), recognised from
// markers the stacks' own templates carry, and the documented defaults for files such a stack
// tests but that are not at hand. Each default is stated as an assumption with the command that
// settles it.
import type { EximConfig } from './config.js';

export type EximStack = 'debian' | 'cpanel' | 'directadmin' | 'hestia' | 'vesta';

export function detectStack(config: EximConfig): EximStack | undefined {
  const names = new Set(config.routers.map((r) => r.name));
  const values = [...config.main, ...config.routers.flatMap((r) => r.settings)].map((s) => s.value).join('\n');
  if (names.has('democheck') || names.has('fail_remote_domains') || /\/etc\/(?:localdomains|userdomains)\b/.test(values)) return 'cpanel';
  if (/\/etc\/virtual\/domains|\/usr\/local\/etc\/exim\/|\/etc\/virtual\//.test(values) && /\bcheck_limits\b|\/etc\/virtual\//.test(values)) return 'directadmin';
  if (/\/etc\/exim4\/domains\//.test(values) && /hestia/i.test(values)) return 'hestia';
  if (/\/etc\/exim4?\/domains\//.test(values)) return /\/usr\/local\/hestia/.test(values) ? 'hestia' : 'vesta';
  if (names.has('hubbed_hosts') || /\/etc\/exim4\//.test(values)) return 'debian';
  return undefined;
}

// files a stack creates only when the administrator configures the feature
const ABSENT_BY_DEFAULT: Record<EximStack, { path: RegExp; why: string }[]> = {
  debian: [{ path: /^\/etc\/exim4\/hubbed_hosts$/, why: "Debian's exim4-config ships no hubbed_hosts file" }],
  cpanel: [
    { path: /^\/etc\/manualmx$/, why: 'cPanel creates /etc/manualmx only when a manual MX redirect is set' },
    { path: /^\/etc\/staticroutes$/, why: 'cPanel creates /etc/staticroutes only for static routes' },
  ],
  directadmin: [],
  hestia: [],
  vesta: [],
};

/** The assumption text when `path` is absent by the stack's default, else undefined. */
export function stackAbsentDefault(stack: EximStack | undefined, path: string): string | undefined {
  if (!stack) return undefined;
  const rule = ABSENT_BY_DEFAULT[stack].find((r) => r.path.test(path));
  return rule ? `assumed: ${path} does not exist (${rule.why}); check with: ls -l ${path}` : undefined;
}
