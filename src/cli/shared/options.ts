// Commander helpers every command uses: the accumulator of repeatable options, the check of a
// mail target, and the colour option.
import type { Command } from 'commander';
import { classifyMailTarget, describeBadTarget, readEnvelopeSender, type TargetForm } from '../../mail/target.js';
import { UsageError } from './exit.js';

/** A repeatable option (`--dns a --dns b` → [a, b]); with `split`, also comma-separated (`--allow a.com,b.com`). */
export function accumulate(split = false): (value: string, previous: string[]) => string[] {
  return (value, previous) => [...previous, ...(split ? value.split(',').map((v) => v.trim()).filter(Boolean) : [value])];
}

/** `--iptables a --iptables b` → [a, b] */
export const collect = accumulate();
/** `--allow a.com,b.com --allow c.com` → [a.com, b.com, c.com] */
export const collectList = accumulate(true);

/** A domain or an address at one (a host name, for explain and check); anything else is a usage error. */
export function checkTarget(target: string, what = 'target', accepted: readonly TargetForm[] = ['hostname']): void {
  const form = classifyMailTarget(target);
  if (form === undefined || !accepted.includes(form)) {
    throw new UsageError(describeBadTarget(target, what));
  }
}

/** --no-color, given before or after the command name. */
export function colorOption(cmd: Command): boolean | undefined {
  return (cmd.optsWithGlobals() as { color?: boolean }).color;
}

/** The --sender option's help, shared by route, explain and check. */
export const SENDER_HELP = 'the envelope sender (MAIL FROM; <> for bounces): sender-dependent routing (Postfix sender_dependent_relayhost_maps / sender_dependent_default_transport_maps, Exim routers with senders = or $sender_address) then has one answer instead of each possibility';

/** `--sender user@example.com` → the address; `<>` or '' → the null sender; anything else is a usage error. */
export function readSender(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const sender = readEnvelopeSender(value);
  if (sender === undefined) throw new UsageError(`--sender ${JSON.stringify(value)} is not a mail address (e.g. alerts@example.com, or <> for the null sender)`);
  return sender;
}
