// Runs every detector over the analysis; severity comes from FINDING_INFO, and the list is
// ordered errors first (stable otherwise, so the order of detection is the order of reading).
import type { Analysis } from '../types.js';
import { detectAcceptNotFinal } from './accept-not-final.js';
import { detectContainerForward } from './container-forward.js';
import { detectChainBodyMissing } from './chain-body-missing.js';
import { detectCustomChainAccepts } from './custom-chain-accepts.js';
import { detectEstablishedNotNew } from './established-not-new.js';
import { detectFallbackRelay } from './fallback-relay.js';
import { detectFrameworkCsf } from './framework-csf.js';
import { detectFrameworkDocker } from './framework-docker.js';
import { detectFrameworkFirewalld } from './framework-firewalld.js';
import { detectFrameworkUfw } from './framework-ufw.js';
import { detectGotoPolicy } from './goto-policy.js';
import { detectInputIncomplete } from './input-incomplete.js';
import { detectIpv4OnlyMatch } from './ipv4-only-match.js';
import { detectIpv6Unfiltered } from './ipv6-unfiltered.js';
import { detectIpv6Unknown } from './ipv6-unknown.js';
import { detectMtaRefuses } from './mta-refuses.js';
import { detectMxNotCovered } from './mx-not-covered.js';
import { detectNativeTablesPresent } from './native-tables-present.js';
import { detectNatRedirect } from './nat-redirect.js';
import { detectOwnerAllowsMta } from './owner-allows-mta.js';
import { detectPolicyAccept } from './policy-accept.js';
import { detectSourcePortBypass } from './source-port-bypass.js';
import { detectStateNewAccepted } from './state-new-accepted.js';
import { detectViaSmarthost } from './via-smarthost.js';
import { detectVerifyProbeLeaks } from './verify-probe-leaks.js';
import type { Finding } from './types.js';
import type { Severity } from '../../../diagnostics.js';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export interface FindingInputs {
  problems: { what: string; message: string }[];
  sectionTexts: { origin: string; firstLine: number; text: string; command?: string }[];
}

export function detectFindings(a: Analysis, inputs: FindingInputs): Finding[] {
  const found = [
    ...detectMtaRefuses(a),
    ...detectViaSmarthost(a),
    ...detectFallbackRelay(a),
    ...detectVerifyProbeLeaks(a),
    ...detectAcceptNotFinal(a),
    ...detectIpv4OnlyMatch(a),
    ...detectIpv6Unfiltered(a),
    ...detectIpv6Unknown(a),
    ...detectCustomChainAccepts(a),
    ...detectStateNewAccepted(a),
    ...detectPolicyAccept(a),
    ...detectOwnerAllowsMta(a),
    ...detectGotoPolicy(a),
    ...detectNatRedirect(a),
    ...detectMxNotCovered(a),
    ...detectChainBodyMissing(a),
    ...detectEstablishedNotNew(a),
    ...detectSourcePortBypass(a),
    ...detectFrameworkCsf(a),
    ...detectFrameworkUfw(a),
    ...detectContainerForward(a),
    ...detectFrameworkDocker(a),
    ...detectFrameworkFirewalld(a),
    ...detectNativeTablesPresent(a),
    ...detectInputIncomplete(a, inputs.problems, inputs.sectionTexts),
  ];
  return found.map((f, i) => ({ f, i })).sort((x, y) => RANK[x.f.severity] - RANK[y.f.severity] || x.i - y.i).map((x) => x.f);
}
