// A detected container on several networks that route out: which one its default route uses is
// not in docker's output, so each network's address@bridge is a possible placement; the answer
// names each, and says one verdict only when they all agree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import { toExplainJson } from '../../../src/report/explain-json.js';
import type { CollectedInputs, InputSection, MtaContainer } from '../../../src/input/collected.js';
import { FIXTURES } from './fixture-inputs.js';

const read = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');
const section = (kind: InputSection['kind'], origin: string, text: string, family?: 4 | 6): InputSection => ({ kind, origin, firstLine: 1, text, detectedBy: 'test', ...(family ? { family } : {}) });

/** mailcow's Postfix on its own network and on a proxy network (bridge br-proxy), as detection reports it */
const TWO_NETWORKS: MtaContainer = {
  addresses: ['198.51.100.53', '2001:db8:c0::53'], bridge: 'br-mailcow', network: 'mailcowdockerized_mailcow-network', from: 'detected', name: 'mailcowdockerized-postfix-mailcow-1', project: 'mailcowdockerized',
  alternatives: [{ addresses: ['203.0.113.7'], bridge: 'br-proxy', network: 'proxy' }],
};

function inputs(v4: string): CollectedInputs {
  return {
    sections: [section('iptables-save', 'iptables.save', v4, 4), section('iptables-save', 'ip6tables.save', read('mailcow-docker28/ip6tables.save'), 6), section('dns-records', 'gmail.com.zone', read('demo/gmail.com.zone'))],
    problems: [],
    mode: 'bundle',
    oif: 'eth0',
    mtaContainer: TWO_NETWORKS,
  };
}

describe('a container on several networks', () => {
  it('both ways leak: one verdict, and the answer names the other network', async () => {
    // Docker 28 accepts what leaves br-proxy as well (its own DOCKER-FORWARD rule)
    const v4 = read('mailcow-docker28/iptables.save').replace('-A DOCKER-FORWARD -i br-mailcow -j ACCEPT', '-A DOCKER-FORWARD -i br-mailcow -j ACCEPT\n-A DOCKER-FORWARD -i br-proxy -j ACCEPT');
    const report = await analyse(inputs(v4), 'gmail.com');
    expect(report.verdict).toBe('leaks');
    expect(report.answer).toMatch(/^The MTA runs in container mailcowdockerized-postfix-mailcow-1 \(project mailcowdockerized\) at 198\.51\.100\.53, 2001:db8:c0::53 on bridge br-mailcow \(network mailcowdockerized_mailcow-network\) \(detected from docker ps and docker inspect\)/);
    expect(report.answer).toContain('The container is on 2 networks that route out');
    expect(report.answer).toContain('From bridge br-proxy (network proxy): Mail to gmail.com leaks');
    const json = toExplainJson(report) as unknown as { placement: { kind: string; alternatives: { bridge: string; network: string; verdict: string }[] } };
    expect(json.placement.alternatives.map((a) => [a.bridge, a.network, a.verdict])).toEqual([['br-proxy', 'proxy', 'leaks']]);
  });

  it('the ways disagree (a DOCKER-USER rule for one bridge only): uncertain, never the first network\'s answer alone', async () => {
    const v4 = read('mailcow-docker28/iptables.save').replace('-A FORWARD -j DOCKER-USER', '-A FORWARD -j DOCKER-USER\n-A DOCKER-USER -i br-mailcow -p tcp --dport 25 -j REJECT --reject-with tcp-reset');
    const report = await analyse(inputs(v4), 'gmail.com');
    expect(report.verdict).toBe('uncertain');
    expect(report.answer).toContain('From bridge br-proxy (network proxy):');
  });
});
