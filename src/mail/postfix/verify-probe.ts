// Address verification (ADDRESS_VERIFICATION_README): with reject_unverified_recipient or
// reject_unverified_sender in an smtpd restriction list, verify(8) sends probes — SMTP sessions
// that stop after RCPT TO — to the addresses it checks, routed with the address_verify_*
// parameters (postconf(5); each defaults to the parameter it shadows). A probe to an address at
// the domain opens the same kind of connection mail would: another way out.
import { expandParam, splitList, type ParamSource } from './params.js';

/** The restriction lists smtpd(8) evaluates (postconf(5) smtpd_*_restrictions). */
const RESTRICTION_LISTS = ['smtpd_client_restrictions', 'smtpd_helo_restrictions', 'smtpd_sender_restrictions', 'smtpd_relay_restrictions', 'smtpd_recipient_restrictions', 'smtpd_data_restrictions', 'smtpd_end_of_data_restrictions'];

/** What a probe's routing reads in place of each routing parameter. */
export const PROBE_PARAMETERS: Record<string, string> = {
  relayhost: 'address_verify_relayhost',
  transport_maps: 'address_verify_transport_maps',
  default_transport: 'address_verify_default_transport',
  relay_transport: 'address_verify_relay_transport',
  local_transport: 'address_verify_local_transport',
  virtual_transport: 'address_verify_virtual_transport',
  sender_dependent_relayhost_maps: 'address_verify_sender_dependent_relayhost_maps',
  sender_dependent_default_transport_maps: 'address_verify_sender_dependent_default_transport_maps',
};

export interface VerificationUse {
  restriction: 'reject_unverified_recipient' | 'reject_unverified_sender';
  list: string;
}

/** Where address verification is switched on, if it is (the first such restriction). */
export function findVerification(src: ParamSource): VerificationUse | undefined {
  for (const list of RESTRICTION_LISTS) {
    for (const item of splitList(expandParam(list, src).value)) {
      const name = item.toLowerCase();
      if (name === 'reject_unverified_recipient' || name === 'reject_unverified_sender') return { restriction: name, list };
    }
  }
  return undefined;
}

/** The parameters as a probe sees them: each routing parameter replaced by its address_verify_* value. */
export function probeSource(src: ParamSource): ParamSource {
  const overrides = new Map(src.overrides ?? []);
  for (const [name, probe] of Object.entries(PROBE_PARAMETERS)) overrides.set(name, expandParam(probe, src).value);
  return { ...src, overrides };
}

/** Whether a probe is routed differently from mail (one address_verify_* parameter set to something else). */
export function probeRoutesDifferently(src: ParamSource): string[] {
  return Object.entries(PROBE_PARAMETERS).filter(([name, probe]) => expandParam(probe, src).value.trim() !== expandParam(name, src).value.trim()).map(([, probe]) => probe);
}
