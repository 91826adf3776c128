// The one place that decides colour. Order: the global `--no-color` flag, then NO_COLOR
// (https://no-color.org: set and not empty disables colour), then FORCE_COLOR ("0"/"false"
// disables, anything else enables), then whether stdout is a terminal. Renderers receive a
// Palette and never look at the environment themselves.
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';

export interface ColorContext {
  /** commander's value for the global `--no-color` option: false when it was given */
  colorOption?: boolean;
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
}

export function decideColor(context: ColorContext): boolean {
  if (context.colorOption === false) return false;
  const env = context.env ?? {};
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  return context.isTTY === true;
}

export interface Palette {
  enabled: boolean;
  good: (s: string) => string;
  bad: (s: string) => string;
  uncertain: (s: string) => string;
  dim: (s: string) => string;
  strong: (s: string) => string;
}

export function createPalette(enabled: boolean): Palette {
  const c: ChalkInstance = new Chalk({ level: enabled ? 1 : 0 });
  return { enabled, good: c.green, bad: c.red, uncertain: c.yellow, dim: c.dim, strong: c.bold };
}

/** The palette for this process's stdout, honouring the `--no-color` value commander parsed. */
export function paletteForStdout(colorOption: boolean | undefined): Palette {
  return createPalette(decideColor({ colorOption, env: process.env, isTTY: process.stdout.isTTY }));
}
