// What the page shows for its state: the report `mailleak explain` would print (JSON and text
// exactly as the CLI renders them), or the CLI's refusal. The demo is read as `--demo` reads it.
import { analyse } from '../analyses/explain/analyse.js';
import { findUnreadable } from '../analyses/explain/readable.js';
import type { Report } from '../analyses/explain/types.js';
import type { CollectedInputs } from '../input/collected.js';
import { demoInputsFrom } from '../input/demo.js';
import { InputError } from '../input/errors.js';
import { readEnvelopeSender } from '../mail/target.js';
import { renderExplainJson } from '../report/explain-json.js';
import { renderExplainText } from '../report/explain-text.js';
import { PLAIN_PALETTE } from '../report/plain-palette.js';
import { describeUnreadable } from '../report/unreadable-text.js';
import { acquirePageInputs, checkPageTarget } from './page-acquire.js';
import type { PageState } from './page-state.js';

export type PageAnswer =
  /** what the CLI refuses with exit 2 and one line on stderr */
  | { kind: 'refused'; message: string }
  /** `unreadable`: the CLI would refuse with this line (exit 2), but the page still shows how each input was read */
  | { kind: 'report'; report: Report; json: string; text: string; unreadable?: string };

/** The demo's texts, bundled into the page (fixtures/demo). */
export interface DemoTexts {
  listing: string;
  zones: { name: string; text: string }[];
}

async function answerFor(inputs: CollectedInputs, state: PageState): Promise<PageAnswer> {
  const sender = state.sender.trim() !== '' ? readEnvelopeSender(state.sender) : undefined;
  const report = await analyse(inputs, state.target.trim(), { allow: state.allow, ...(sender !== undefined ? { sender } : {}) });
  const answer: PageAnswer = { kind: 'report', report, json: renderExplainJson(report), text: renderExplainText(report, PLAIN_PALETTE) };
  const unreadable = findUnreadable(inputs, report);
  if (unreadable !== undefined) answer.unreadable = describeUnreadable(unreadable);
  return answer;
}

export async function analysePage(state: PageState): Promise<PageAnswer> {
  const badSender = state.sender.trim() !== '' && readEnvelopeSender(state.sender) === undefined ? `--sender ${JSON.stringify(state.sender.trim())} is not a mail address (e.g. alerts@example.com, or <> for the null sender)` : undefined;
  const bad = checkPageTarget(state.target.trim()) ?? state.allow.map((d) => checkPageTarget(d, '--allow')).find((m) => m !== undefined) ?? badSender;
  if (bad !== undefined) return { kind: 'refused', message: bad };
  let inputs: CollectedInputs;
  try {
    inputs = await acquirePageInputs(state);
  } catch (err) {
    if (err instanceof InputError) return { kind: 'refused', message: err.message };
    throw err;
  }
  return answerFor(inputs, state);
}

/** `explain gmail.com --demo`: the demo's inputs as the CLI builds them. */
export async function analyseDemo(demo: DemoTexts, state: PageState): Promise<PageAnswer> {
  return answerFor(demoInputsFrom(demo.listing, demo.zones), state);
}
