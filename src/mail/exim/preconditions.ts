// Router preconditions in Exim's order (spec "Router preconditions"; route.c
// check_router_conditions()): local_part_prefix/suffix, verify/address_test, verify_only,
// domains, local_parts, check_local_user, senders, require_files, condition. Any precondition
// that is false skips the router (no_more does not apply); one that is unknown makes the
// router "may run", and the planner explores both.
import { findSetting, findSettings, type DriverInstance, type OptionSetting } from './config.js';
import { buildExpandContext } from './expand/context.js';
import { expandString } from './expand/evaluate.js';
import { expandOption, isTrueText } from './expand/option.js';
import type { ExpandContext } from './expand/types.js';
import { matchList, type ListContext } from './list-match.js';
import { splitList } from './list-split.js';
import { readBoolean, readText } from './options.js';
import type { RoutedAddress } from './routers/types.js';

/** `deliver`: a real delivery; `address-test`: what `exim -bt` does (it also skips no_address_test routers). */
export type RoutingMode = 'deliver' | 'address-test';

export interface PreconditionContext {
  lists: ListContext;
  mode: RoutingMode;
  /** login names from the server's passwd, for check_local_user; undefined when not known */
  localUsers?: ReadonlySet<string>;
  /** the envelope sender (--sender), when known: `senders` is then decided */
  sender?: string;
}

export type PreconditionOutcome =
  | { kind: 'pass'; reasons: string[]; address: RoutedAddress }
  | { kind: 'skip'; reason: string }
  | { kind: 'unknown'; reasons: string[]; address: RoutedAddress };

type Check = { answer: 'yes' | 'no' | 'unknown'; reason: string };

export function checkPreconditions(router: DriverInstance, address: RoutedAddress, ctx: PreconditionContext): PreconditionOutcome {
  if (router.unreadable) return { kind: 'unknown', reasons: [`router ${router.name}: line ${router.unreadable[0]!.line} of it could not be read`], address };
  const affix = stripAffixes(router, address);
  if (affix.kind === 'skip') return affix;
  const routed = affix.address;
  const expand = buildExpandContext(ctx.lists, { domain: routed.domain, localPart: routed.localPart, routerName: router.name, ...affix.affixes, ...(ctx.sender !== undefined ? { sender: ctx.sender } : {}) });
  // Exim stops at the first precondition that fails (route.c), so later ones are not needed
  const steps: (() => Check)[] = [
    () => checkMode(router, ctx.mode),
    () => checkList(router, 'domains', 'domain', routed.domain, ctx, expand),
    () => checkList(router, 'local_parts', 'localpart', routed.localPart, ctx, expand),
    () => checkLocalUser(router, routed, ctx),
    () => checkSenders(router, ctx),
    () => checkRequireFiles(router, expand),
    ...findSettings(router.settings, 'condition').map((c) => () => checkCondition(c, expand)),
  ];
  const checks: Check[] = [];
  for (const step of steps) {
    const check = step();
    checks.push(check);
    if (check.answer === 'no') break;
  }
  const failed = checks.find((c) => c.answer === 'no');
  if (failed) return { kind: 'skip', reason: failed.reason };
  const unknown = checks.filter((c) => c.answer === 'unknown');
  const reasons = checks.filter((c) => c.answer === 'yes' && c.reason !== '').map((c) => c.reason);
  if (unknown.length > 0) return { kind: 'unknown', reasons: unknown.map((c) => c.reason), address: routed };
  return { kind: 'pass', reasons, address: routed };
}

const PASS: Check = { answer: 'yes', reason: '' };

function checkMode(router: DriverInstance, mode: RoutingMode): Check {
  const verifyOnly = readBoolean(findSetting(router.settings, 'verify_only'), false);
  if (verifyOnly.known && verifyOnly.value) return { answer: 'no', reason: 'verify_only: the router runs only when verifying, never for a delivery' };
  if (mode === 'address-test') {
    const test = readBoolean(findSetting(router.settings, 'address_test'), true);
    if (test.known && !test.value) return { answer: 'no', reason: 'no_address_test: skipped by exim -bt (but used for real deliveries)' };
  }
  return PASS;
}

function checkCondition(setting: OptionSetting, expand: ExpandContext): Check {
  const v = expandOption(setting, expand);
  switch (v.kind) {
    case 'unset':
      return PASS;
    case 'text': {
      const truth = isTrueText(v.text);
      return { answer: truth ? 'yes' : 'no', reason: `condition = ${setting.value} is ${truth ? 'true' : 'false'}${v.expanded ? ` ("${v.text}")` : ''}` };
    }
    case 'forced-fail':
      // expand_check_condition(): a forced failure counts as false
      return { answer: 'no', reason: `condition = ${setting.value}: the expansion is forced to fail (false)` };
    case 'error':
      return { answer: 'unknown', reason: `condition = ${setting.value}: the expansion fails (${v.message})` };
    case 'unknown':
      return { answer: 'unknown', reason: `condition: ${v.reason}` };
  }
}

function checkList(router: DriverInstance, option: string, type: 'domain' | 'localpart', subject: string, ctx: PreconditionContext, expand: ExpandContext): Check {
  const setting = findSetting(router.settings, option);
  if (!setting || setting.form !== 'assign') return PASS;
  // the whole list is expanded first (spec "Expansion of lists"); quotes go before that
  const value = expandOption(setting, expand);
  let list: string;
  switch (value.kind) {
    case 'unset':
      return PASS;
    case 'text':
      list = value.text;
      break;
    case 'forced-fail':
      // match.c: "expansion forced failure: assume not in this list"
      return { answer: 'no', reason: `${option} = ${setting.value}: the expansion is forced to fail, so ${subject} is not in the list` };
    case 'error':
      return { answer: 'unknown', reason: `${option}: the expansion fails (${value.message}); Exim defers the address` };
    case 'unknown':
      return { answer: 'unknown', reason: `${option}: ${value.reason}` };
  }
  const m = matchList(list, type, subject, { ...ctx.lists, expandList: (text) => expandString(text, expand) });
  switch (m.answer) {
    case 'yes':
      return { answer: 'yes', reason: `${subject} is in ${option} = ${list} (${m.reason})` };
    case 'no':
      return { answer: 'no', reason: `${subject} is not in ${option} = ${list} (${m.reason})` };
    case 'unknown':
      return { answer: 'unknown', reason: `${option}: ${m.reason}` };
  }
}

function checkLocalUser(router: DriverInstance, address: RoutedAddress, ctx: PreconditionContext): Check {
  const v = readBoolean(findSetting(router.settings, 'check_local_user'), false);
  if (!v.known || !v.value) return PASS;
  if (!ctx.localUsers) return { answer: 'unknown', reason: `check_local_user: whether "${address.localPart}" is a user on the server is not known` };
  return ctx.localUsers.has(address.localPart)
    ? { answer: 'yes', reason: `${address.localPart} is a local user (check_local_user)` }
    : { answer: 'no', reason: `${address.localPart} is not a local user (check_local_user)` };
}

function checkSenders(router: DriverInstance, ctx: PreconditionContext): Check {
  const setting = findSetting(router.settings, 'senders');
  if (!setting || setting.form !== 'assign') return PASS;
  if (splitList(setting.value).every((i) => i === '*')) return PASS;
  if (ctx.sender === undefined) return { answer: 'unknown', reason: `senders = ${setting.value}: depends on the message's envelope sender` };
  const m = matchList(setting.value, 'address', ctx.sender, ctx.lists);
  const shown = ctx.sender === '' ? '<>' : ctx.sender;
  switch (m.answer) {
    case 'yes':
      return { answer: 'yes', reason: `the sender ${shown} is in senders = ${setting.value} (${m.reason})` };
    case 'no':
      return { answer: 'no', reason: `the sender ${shown} is not in senders = ${setting.value} (${m.reason})` };
    case 'unknown':
      return { answer: 'unknown', reason: `senders: ${m.reason}` };
  }
}

/**
 * require_files (spec "Router preconditions"): every file must exist, or with `!` must not; `+`
 * only changes how a permission failure counts. Items without a leading `/` name the user the
 * checks run as; mailleak tests existence only, through the same file access as lookups.
 */
function checkRequireFiles(router: DriverInstance, expand: ExpandContext): Check {
  const setting = findSetting(router.settings, 'require_files');
  const value = expandOption(setting, expand);
  const unknown = (why: string): Check => ({ answer: 'unknown', reason: `require_files = ${setting?.value}: ${why}` });
  switch (value.kind) {
    case 'unset': return PASS;
    case 'forced-fail': return PASS;
    case 'error': return unknown(`the expansion fails (${value.message})`);
    case 'unknown': return unknown('depends on files on the server');
    case 'text': break;
  }
  let undecided: string | undefined;
  for (const written of splitList(value.text)) {
    const negated = written.startsWith('!');
    const path = written.replace(/^!/, '').replace(/^\+/, '');
    if (!path.startsWith('/')) continue;
    const state = expand.file(path);
    if (state.kind === 'unknown') {
      undecided ??= state.reason;
      continue;
    }
    const exists = state.kind !== 'absent';
    if (exists === negated) return { answer: 'no', reason: `require_files: ${path} ${exists ? 'exists' : 'does not exist'}` };
  }
  return undecided === undefined ? PASS : unknown(undecided);
}

/** local_part_prefix / local_part_suffix: a mandatory affix that is missing skips the router. */
function stripAffixes(router: DriverInstance, address: RoutedAddress): { kind: 'ok'; address: RoutedAddress; affixes: { prefix?: string; suffix?: string } } | { kind: 'skip'; reason: string } {
  let localPart = address.localPart;
  const affixes: { prefix?: string; suffix?: string } = {};
  for (const which of ['prefix', 'suffix'] as const) {
    const setting = readText(findSetting(router.settings, `local_part_${which}`));
    if (!setting.known || !setting.value) continue;
    const optional = readBoolean(findSetting(router.settings, `local_part_${which}_optional`), false);
    const affix = splitList(setting.value).find((a) => (which === 'prefix' ? localPart.startsWith(a) : localPart.endsWith(a)) && !a.includes('*'));
    if (affix) {
      localPart = which === 'prefix' ? localPart.slice(affix.length) : localPart.slice(0, -affix.length);
      affixes[which] = affix;
    }
    else if (!(optional.known && optional.value)) return { kind: 'skip', reason: `local part has no ${which} from local_part_${which} = ${setting.value}` };
  }
  return { kind: 'ok', address: { ...address, localPart }, affixes };
}
