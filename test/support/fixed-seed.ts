// Every property test of the unit tier repeats: fast-check draws from this fixed seed unless
// MAILLEAK_PROPERTY_SEED names another (a test that passes its own seed, as the fuzz tier does,
// keeps it). On failure fast-check prints the seed and the path that replay the case.
import fc from 'fast-check';

const fromEnv = process.env.MAILLEAK_PROPERTY_SEED;
export const PROPERTY_SEED = fromEnv === undefined ? 20261207 : Number(fromEnv);
if (!Number.isInteger(PROPERTY_SEED)) throw new Error(`MAILLEAK_PROPERTY_SEED=${fromEnv} is not an integer`);

fc.configureGlobal({ seed: PROPERTY_SEED });
