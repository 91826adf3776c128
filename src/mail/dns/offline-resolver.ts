// --offline: nothing is looked up, so every answer is unknown and the plan says which
// conclusions depend on DNS.
import type { Resolver } from './resolver.js';

export function createOfflineResolver(): Resolver {
  const unknown = async (name: string) => ({ status: 'unknown' as const, message: `offline: DNS not consulted for ${name}` });
  return { description: 'offline', resolveMx: unknown, resolveA: unknown, resolveAaaa: unknown };
}
