// What the findings say about the MTA, in the terms of the MTA the plan came from: its name,
// how it orders IPv6 and IPv4, how to stop it using IPv6, how to restrict its destinations, and
// how to find its uid. One switch per question, so a new MTA cannot be added without them.
import type { Mta } from '../../../mail/types.js';

export function mtaName(mta: Mta): string {
  switch (mta) {
    case 'exim':
      return 'Exim';
    case 'postfix':
      return 'Postfix';
  }
}

/** The MTA-side way to stop using IPv6, as a parenthesis in a fix. */
export function ipv4OnlySwitch(mta: Mta): string {
  switch (mta) {
    case 'exim':
      return '`disable_ipv6 = true` in the main section';
    case 'postfix':
      return '`inet_protocols = ipv4` in main.cf, or `-o inet_protocols=ipv4` on the smtp service in master.cf, then `postfix reload`';
  }
}

/** Where the MTA fix below restricts destinations. */
export function restrictAtMta(mta: Mta): string {
  switch (mta) {
    case 'exim':
      return 'Exim (router below)';
    case 'postfix':
      return 'Postfix (transport_maps below)';
  }
}

/** Commands that show the user the MTA's connections run as. */
export function identityCommands(mta: Mta): string[] {
  switch (mta) {
    case 'exim':
      return ['exim -bP exim_user exim_group', 'id -u Debian-exim   # or mailnull / exim'];
    case 'postfix':
      return ['postconf -h mail_owner', 'id -u postfix'];
  }
}

/** What refused: an Exim router, or the Postfix parameter or table line. */
export function refusedAt(mta: Mta, router: { name: string; driver: string; reason: string }): string {
  switch (mta) {
    case 'exim':
      return ` at router ${router.name} (${router.driver}): ${router.reason}`;
    case 'postfix':
      return `: ${router.name} (${router.driver}), ${router.reason}`;
  }
}
