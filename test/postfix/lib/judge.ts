// Does mailleak's report match what Postfix did? The verdict (leaks / blocked); when the mail
// left, the family, address and port it arrived over must be an attempt mailleak predicts as
// ACCEPTed, whose deciding rule counted packets (Postfix may pick among equal-preference
// addresses at random, so the order is not judged); when it did not, each predicted attempt's
// deciding rule must have counted packets; a mail Postfix bounced without connecting must be
// reported as the MTA refusing it (mta-refuses).
import { countersProblems, type ExplainJson } from '../../e2e/lib/compare.js';
import type { PostfixReality } from './rig.js';

export function judgePostfix(reality: PostfixReality, report: ExplainJson): string[] {
  const problems: string[] = [];
  const left = reality.left[0];
  const expected = left ? 'leaks' : 'blocked';
  const what = left ? `left over IPv${left.family} ${left.address}:${left.port}` : `did not leave (Postfix: ${reality.status} ${reality.reason})`;
  if (report.verdict !== expected) problems.push(`verdict ${report.verdict}, but the mail ${what} ("${report.answer}")`);
  if (left) {
    const by = report.attempts.find((a) => a.family === left.family && a.address === left.address && a.port === left.port);
    if (!by) problems.push(`the mail ${what}, which is none of mailleak's attempts (${report.attempts.map((a) => `${a.address}:${a.port}`).join(', ') || 'none'})`);
    else if (by.verdict !== 'ACCEPT' || !by.leavesHost) problems.push(`the mail ${what}, but mailleak says attempt ${by.order} is ${by.verdict}`);
    else problems.push(...countersProblems(reality, [by]));
    return problems;
  }
  const refused = reality.status === 'bounced';
  if (refused && !report.findings.some((f) => f.code === 'mta-refuses')) problems.push(`Postfix bounced the mail without connecting (${reality.reason}), but mailleak does not say mta-refuses (findings: ${report.findings.map((f) => f.code).join(', ') || 'none'})`);
  if (refused && report.attempts.length > 0) problems.push(`Postfix bounced the mail without connecting, but mailleak predicts ${report.attempts.length} connection attempt(s)`);
  if (!refused) problems.push(...countersProblems(reality, report.attempts));
  return problems;
}
