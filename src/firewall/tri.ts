// Three-valued logic for rule evaluation: a condition we cannot decide is 'maybe', and a
// 'maybe' anywhere on the way makes the answer uncertain rather than wrong.
export type Tri = 'match' | 'no-match' | 'maybe';

/** Conjunction: all conditions of a rule must match. */
export function triAnd(values: Iterable<Tri>): Tri {
  let result: Tri = 'match';
  for (const v of values) {
    if (v === 'no-match') return 'no-match';
    if (v === 'maybe') result = 'maybe';
  }
  return result;
}

export function triNot(value: Tri): Tri {
  switch (value) {
    case 'match':
      return 'no-match';
    case 'no-match':
      return 'match';
    case 'maybe':
      return 'maybe';
  }
}

/** Applies iptables' `!` inversion to a match result. */
export function triNegate(value: Tri, negated: boolean): Tri {
  return negated ? triNot(value) : value;
}

export function triFromBool(value: boolean): Tri {
  return value ? 'match' : 'no-match';
}
