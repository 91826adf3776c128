// The per-plan context: main options that shape routing (primary_hostname for `@`,
// disable_ipv6, dns_ipv4_lookup, qualify_domain) and access to lookup files.
import type { EximConfig } from './exim/config.js';
import { findNamedList, findSetting } from './exim/config.js';
import { hostedDomainSources } from './exim/stack-table.js';
import type { ListContext } from './exim/list-match.js';
import { readBoolean, readText } from './exim/options.js';
import { detectStack } from './exim/stack.js';
import type { RouterContext } from './exim/routers/types.js';
import type { Resolver } from './dns/resolver.js';
import type { HostingStack } from './types.js';

export interface ContextInputs {
  resolver: Resolver;
  readLookups: boolean;
  readLookupFile?: (path: string) => string | undefined;
  /** the host name to assume when the configuration does not set primary_hostname */
  primaryHostname?: string;
  /** the recipient's domain: with a recognised stack, assumed not hosted on the server */
  recipientDomain?: string;
}

export interface BuiltContext {
  router: RouterContext;
  stack: HostingStack | undefined;
  qualifyDomain: string | undefined;
  uncertain: string[];
  notes: string[];
}

export function buildRouterContext(config: EximConfig, inputs: ContextInputs): BuiltContext {
  const uncertain: string[] = [];
  const notes: string[] = [];
  const configured = readText(findSetting(config.main, 'primary_hostname'));
  let primaryHostname = configured.known ? configured.value : undefined;
  if (!configured.known) uncertain.push(`primary_hostname: ${configured.reason}`);
  if (primaryHostname === undefined && inputs.primaryHostname !== undefined) {
    primaryHostname = inputs.primaryHostname;
    notes.push(`primary_hostname not set in the configuration: assumed ${primaryHostname} (Exim uses the server's host name)`);
  }
  const stack = detectStack(config);
  // the domain asked about is taken as not hosted here (stated where it decides), unless it is the host's own name
  const notHosted = inputs.recipientDomain !== undefined && inputs.recipientDomain.toLowerCase() !== primaryHostname?.toLowerCase() ? inputs.recipientDomain : undefined;
  const qualifyConfigured = readKnownText(config, 'qualify_domain');
  const lists: ListContext = {
    config,
    primaryHostname,
    ...(qualifyConfigured !== undefined ? { qualifyDomain: qualifyConfigured } : {}),
    ...(stack ? { stack } : {}),
    ...(stack && notHosted ? { notHosted, hostedSources: hostedDomainSources(stack, findNamedList(config, 'domain', 'local_domains')?.value) } : {}),
    assumptions: [],
    readLookups: inputs.readLookups,
    ...(inputs.readLookupFile ? { readLookupFile: inputs.readLookupFile } : {}),
  };
  const disable = readBoolean(findSetting(config.main, 'disable_ipv6'), false);
  if (!disable.known) uncertain.push(`disable_ipv6: ${disable.reason}; assumed false`);
  const v4 = findSetting(config.main, 'dns_ipv4_lookup');
  const qualify = readText(findSetting(config.main, 'qualify_recipient'));
  const qualifyDomain = (qualify.known && qualify.value) || readKnownText(config, 'qualify_domain') || primaryHostname;
  return {
    router: {
      config,
      resolver: inputs.resolver,
      lists,
      ipv6: { disableIpv6: disable.known && disable.value, ipv4LookupDomains: v4 && v4.form === 'assign' ? v4.value : undefined },
    },
    stack,
    qualifyDomain,
    uncertain,
    notes,
  };
}

function readKnownText(config: EximConfig, name: string): string | undefined {
  const v = readText(findSetting(config.main, name));
  return v.known ? v.value : undefined;
}
