// Compares a mailleak plan with what real Exim printed for the same address under `-bt`:
// router, transport, and the host/address list in order (ports where Exim shows them).
import { expect } from 'vitest';
import type { BtBlock, BtResult } from '../../../../src/mail/exim/bt-output.js';
import type { DeliveryPlan } from '../../../../src/mail/types.js';

function blocksFor(bt: BtResult, address: string): BtBlock[] {
  return bt.blocks.filter((b) => {
    switch (b.kind) {
      case 'routed':
      case 'undeliverable':
      case 'deferred':
        return b.address === address || b.parents.includes(address);
      case 'discarded':
      case 'local-item':
        return b.address === address;
      case 'syntax-error':
        return false;
    }
  });
}

export interface HostRow {
  host: string;
  address: string | undefined;
  mx: number | undefined;
}

export function eximHosts(block: Extract<BtBlock, { kind: 'routed' }>): HostRow[] {
  return block.hosts.filter((h) => !h.unusable).map((h) => ({ host: h.name, address: h.address, mx: h.mx }));
}

export function planHosts(plan: DeliveryPlan, router?: string): HostRow[] {
  return plan.attempts.filter((a) => !a.fallback && (router === undefined || a.router === router)).map((a) => ({ host: a.host, address: a.address, mx: a.preference }));
}

/** Asserts agreement and returns Exim's blocks for further checks. */
export function expectAgreement(plan: DeliveryPlan, bt: BtResult, address: string): BtBlock[] {
  const blocks = blocksFor(bt, address);
  expect(blocks.length, `exim -bt said nothing about ${address}`).toBeGreaterThan(0);
  const routed = blocks.filter((b): b is Extract<BtBlock, { kind: 'routed' }> => b.kind === 'routed');
  if (blocks.length === 1) {
    const b = blocks[0]!;
    switch (b.kind) {
      case 'routed':
        expect([plan.router, plan.transport], `${address}: router, transport`).toEqual([b.router, b.transport]);
        if (b.hosts.length > 0) {
          expect(planHosts(plan), `${address}: hosts in order`).toEqual(eximHosts(b));
          for (const h of b.hosts) if (h.port !== undefined) expect(plan.attempts.find((a) => a.address === h.address)?.port).toBe(h.port);
        }
        break;
      case 'undeliverable':
      case 'discarded':
        expect(plan.outcome, `${address}: ${JSON.stringify(b)}`).toBe('refused');
        break;
      case 'deferred':
        expect(plan.outcome, `${address}: ${JSON.stringify(b)}`).toBe('defer');
        break;
      case 'local-item':
        expect(plan.outcome).toBe('local');
        break;
      case 'syntax-error':
        break;
    }
    return blocks;
  }
  // several blocks: copies (unseen) or redirection children — every router Exim used is in the plan
  for (const b of routed) {
    expect(planHosts(plan, b.router), `${address}: hosts of ${b.router}`).toEqual(b.hosts.length > 0 ? eximHosts(b) : planHosts(plan, b.router));
    expect(plan.attempts.some((a) => a.router === b.router && a.transport === b.transport) || b.hosts.length === 0).toBe(true);
  }
  return blocks;
}
