// The real-world corpus in ../shared (CC BY-NC-SA: read in place, never copied into the repo)
// and the save/listing pairs in it that were captured at the same moment on the same host.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Family } from '../../../src/firewall/model.js';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const CORPUS_ROOT = join(resolve(REPO_ROOT, '../shared'), 'corpus', 'net-network');

export function corpusAvailable(): { ok: true } | { ok: false; reason: string } {
  return existsSync(CORPUS_ROOT) ? { ok: true } : { ok: false, reason: `corpus not found at ${CORPUS_ROOT}` };
}

/** Every file of the corpus, as paths relative to its root. */
export function listCorpusFiles(dir = CORPUS_ROOT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listCorpusFiles(path));
    else out.push(relative(CORPUS_ROOT, path));
  }
  return out;
}

export interface CorpusPair {
  name: string;
  family: Family;
  save: string;
  listing: string;
  /**
   * 'exact': `-L -n -v` shows everything the simulator needs, so both answers must be identical.
   * 'lossy': `-L -n` (no interfaces) or `-L -v` (host and service names): the listing may be
   * uncertain, but never contradict the save.
   */
  listingKind: 'exact' | 'lossy';
}

const CHAIR = 'configs_chair_for_Network_Architectures_and_Services';
const TAILS = 'configs_tails_os/2015-aug-tails-i386-1.4.1';

export const PAIRS: CorpusPair[] = [
  { name: 'chair v4 (-L -n -v)', family: 4, save: `${CHAIR}/iptables-save-2016-06-27_16-29-01`, listing: `${CHAIR}/iptables-Lnv-2016-06-27_16-29-01`, listingKind: 'exact' },
  { name: 'chair v6 (-L -n -v)', family: 6, save: `${CHAIR}/ip6tables-save-2016-06-27_16-29-01`, listing: `${CHAIR}/ip6tables-Lnv-2016-06-27_16-29-01`, listingKind: 'exact' },
  { name: 'psa team_a', family: 4, save: 'configs_psa/team_a/iptables-save.2016-01-27', listing: 'configs_psa/team_a/iptables.Lnv.2016-01-27', listingKind: 'exact' },
  { name: 'vsrv (ufw, fail2ban)', family: 4, save: 'config_vsrv/iptables-save.txt', listing: 'config_vsrv/iptables_Lnv.txt', listingKind: 'exact' },
  { name: 'openlab', family: 4, save: 'configs_openlab/stettenstr/doku/iptables-save.txt', listing: 'configs_openlab/stettenstr/doku/iptables-Lnv.txt', listingKind: 'exact' },
  { name: 'tails (-L -n -v)', family: 4, save: `${TAILS}-iptables-save`, listing: `${TAILS}-iptables-Lnv`, listingKind: 'exact' },
  { name: 'ufw server1', family: 4, save: 'configs_srvs_ufw/server1-iptables-save', listing: 'configs_srvs_ufw/server1-iptables', listingKind: 'exact' },
  { name: 'shorewall akachan', family: 4, save: 'configs_sqrl_shorewall/2014_sep_iptables-saveakachan', listing: 'configs_sqrl_shorewall/2014_sep_iptables-akachan-Lnv', listingKind: 'exact' },
  { name: 'tails (-L -v, names)', family: 4, save: `${TAILS}-iptables-save`, listing: `${TAILS}-iptables-Lv`, listingKind: 'lossy' },
  { name: 'chair v4 (-L -n, no interfaces)', family: 4, save: `${CHAIR}/iptables-save-2016-06-27_16-29-01`, listing: `${CHAIR}/iptables-Ln-2016-06-27_16-29-01`, listingKind: 'lossy' },
];
