// The egress map, per family: the sending principal(s) and the rows of the map. Built by
// buildEgressReport (egress.ts, also used by check) from compareEgress; drawn by src/report.
import type { MtaChoice } from '../../input/which-mta.js';
import type { Family, Range, Ruleset } from '../../firewall/model.js';
import type { EgressRow } from '../../firewall/symbolic/index.js';

/** Who sends, in the comparison: root, the MTA's user, or an ordinary user. */
export type PrincipalRole = 'root' | 'mta' | 'ordinary';

export interface Principal {
  role: PrincipalRole;
  /** "Debian-exim (uid 101)", "root (uid 0)", "an ordinary user (uid 1000)" */
  label: string;
  uid?: number;
  gid?: number;
}

export interface FamilyEgress {
  family: Family;
  ruleset: Ruleset;
  /** native nft tables of this family beside the iptables rules in `ruleset` (both filter) */
  native?: Ruleset;
  /** iptables-legacy tables beside iptables-nft's in `ruleset` (both filter) */
  legacy?: Ruleset;
  ports: Range[];
  principals: Principal[];
  /** one row per range; `answers[i]` is the answer for principals[i] */
  rows: { addresses: EgressRow['addresses']; ports: Range[]; answers: EgressRow[] }[];
  notes: string[];
}

export interface EgressReport {
  families: FamilyEgress[];
  /** families without a ruleset: said, not guessed */
  missing: Family[];
  /** where the MTA's uid came from */
  identity: string[];
  /** live and bundles: which MTA is the host's and why (whose user the map is drawn for) */
  mta?: MtaChoice;
}
