// A palette that leaves text as it is: for text copied from the web page, and anywhere the
// words are wanted without terminal colour and without loading chalk.
import type { Palette } from './color.js';

const same = (s: string): string => s;

export const PLAIN_PALETTE: Palette = { enabled: false, good: same, bad: same, uncertain: same, dim: same, strong: same };
