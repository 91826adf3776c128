// `route --live`: the delivery plan from this machine's MTA configuration, read as explain
// --live reads it (src/input/live.ts: which MTA is the host's, `exim -bP config`, `postconf
// -n/-M/-P` and the tables they name, a container's postconf, passwd) — but not the firewall,
// which route does not look at. Collection is injected, so the core stays free of node: modules.
import type { CollectedInputs, CollectionProblem } from '../../input/collected.js';
import type { LiveCollected } from '../../input/live.js';
import type { Resolver } from '../../mail/dns/resolver.js';
import type { DeliveryPlan } from '../../mail/types.js';
import { planFor, readMailInputs } from '../explain/mail-plan.js';

export interface LiveRouteOptions {
  /** live collection with the firewall left out (supplied: iptables, ip6tables, nft) */
  collect: () => Promise<LiveCollected>;
  hostname?: string;
  uid?: number;
  gid?: number;
  sender?: string;
}

export async function planLiveRoute(recipient: string, resolver: Resolver, options: LiveRouteOptions): Promise<{ plan: DeliveryPlan; problems: CollectionProblem[] }> {
  const live = await options.collect();
  const inputs: CollectedInputs = {
    sections: live.sections, problems: live.problems, mode: 'live',
    ...(options.hostname !== undefined ? { hostname: options.hostname } : {}),
    ...(live.mta !== undefined ? { mta: live.mta } : {}),
    ...(live.mtaContainer !== undefined ? { mtaContainer: live.mtaContainer } : {}),
    ...(live.mtaHostNetwork !== undefined ? { mtaHostNetwork: live.mtaHostNetwork } : {}),
    ...(live.identityFrom !== undefined ? { identityFrom: live.identityFrom } : {}),
  };
  // --uid/--gid win over what live collection read (exim -bP exim_user, passwd)
  const uid = options.uid ?? live.uid;
  const gid = options.gid ?? live.gid;
  if (uid !== undefined) inputs.uid = uid;
  if (gid !== undefined) inputs.gid = gid;
  const plan = await planFor(recipient, readMailInputs(inputs), resolver, inputs, options.sender);
  return { plan, problems: live.problems };
}
