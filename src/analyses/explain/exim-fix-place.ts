// Where the Exim fix goes on each hosting stack, as data (issue "Exim as deployed" §4): each
// stack regenerates exim.conf from its own sources, so a router written into the generated file
// is lost at the next update. Without a recognised stack, the configuration file itself.
import type { HostingStack } from '../../mail/types.js';

export interface EximFixPlace {
  /** where the router goes */
  where: string;
  /** how the change takes effect */
  apply: string;
  /** the stack defines local_domains itself: the fix must not redefine it */
  ownLocalDomains: boolean;
}

export const EXIM_FIX_PLACES: Record<HostingStack | 'plain', EximFixPlace> = {
  plain: { where: 'as the first router after `begin routers` in the Exim configuration', apply: 'then restart Exim', ownLocalDomains: false },
  debian: {
    where: "in a router file that sorts first, /etc/exim4/conf.d/router/050_local_block_unallowed (split configuration), or first after `begin routers` in /etc/exim4/exim4.conf.template (non-split); the domainlist in /etc/exim4/conf.d/main/000_localmacros or at the top of the template",
    apply: 'then run update-exim4.conf and systemctl restart exim4',
    ownLocalDomains: true,
  },
  cpanel: {
    where: "in WHM » Exim Configuration Manager » Advanced Editor: the router in the PREROUTERS box (custom_begin_routers), the domainlist in the top configuration box; /etc/exim.conf itself is rebuilt by cPanel",
    apply: 'then Save: WHM rebuilds /etc/exim.conf and restarts Exim',
    ownLocalDomains: true,
  },
  directadmin: {
    where: "in /etc/exim.routers.pre.conf (included before DirectAdmin's routers), the domainlist in /etc/exim.variables.conf.custom; exim.conf itself is replaced by DirectAdmin updates",
    apply: 'then restart Exim (systemctl restart exim)',
    ownLocalDomains: true,
  },
  hestia: { where: 'first after `begin routers` in /etc/exim4/exim4.conf.template (HestiaCP may replace it on upgrade: keep a copy)', apply: 'then systemctl restart exim4', ownLocalDomains: true },
  vesta: { where: 'first after `begin routers` in the Exim configuration VestaCP installed (/etc/exim4/exim4.conf.template or /etc/exim/exim.conf)', apply: 'then restart Exim', ownLocalDomains: true },
  'exim-relay': { where: 'first after `begin routers` in the exim.conf the container runs (mount it, or build an image from it)', apply: 'then recreate the container', ownLocalDomains: true },
};

