// What matching Exim lists and lookups needs to know of the server: the configuration, its
// host name, and how its files are read. A leaf of types, so that lists (list-match.ts),
// lookups (lookups.ts) and the expansion context (expand/context.ts) need not import each other.
import type { HostingStack, StackAssumption } from './stack-types.js';
import type { EximConfig } from './config.js';
import type { HostedDomainSource } from './stack-table.js';
import type { Expanded, FileAccess } from './expand/types.js';

export interface LookupAccess {
  readLookups: boolean;
  /** reads a local file; undefined when missing or unreadable */
  readLookupFile?: (path: string) => string | undefined;
}

export interface ListContext extends LookupAccess {
  config: EximConfig;
  /** `@` in domain lists; undefined when the configuration does not say */
  primaryHostname: string | undefined;
  /** $qualify_domain when the configuration sets it */
  qualifyDomain?: string;
  /** the server's files when given (--exim-files, tests); otherwise readLookupFile decides */
  fileState?: FileAccess;
  /** the hosting stack recognised: its documented defaults decide files and functions not at hand */
  stack?: HostingStack;
  /** the recipient's domain, assumed not hosted on the server (stated when it decides something) */
  notHosted?: string;
  /** where the stack and the configuration list the hosted domains */
  hostedSources?: readonly HostedDomainSource[];
  /** the stack's defaults taken while matching (collected by the planner) */
  assumptions?: StackAssumption[];
  /** expands a named list's value for the address being routed (named lists are expanded when used) */
  expandList?: (text: string) => Expanded;
}
