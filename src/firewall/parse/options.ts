// Options every ruleset parser takes.
import type { Family } from '../model.js';

export interface ParseOptions {
  /** where the text came from: file path, "stdin", or a command */
  origin: string;
  /** the family the caller knows (--ip6tables, --family); otherwise the text decides */
  family?: Family;
}
