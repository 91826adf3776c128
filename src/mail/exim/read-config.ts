// Entry points: an Exim configuration from a raw file or from `exim -bP config` output.
import { readBpConfig } from './bp-config.js';
import type { EximConfig } from './config.js';
import { preprocessConfig, type PreprocessOptions } from './preprocess.js';
import { buildConfig } from './sections.js';

export function readEximConfigFile(text: string, origin: string, options: PreprocessOptions = {}): EximConfig {
  const pre = preprocessConfig(text, origin, options);
  return { ...buildConfig(pre.lines, origin, 'config-file', pre.diagnostics), macroNames: [...pre.macros.keys()] };
}

export function readEximBpConfig(text: string, origin: string): EximConfig {
  const bp = readBpConfig(text, origin);
  return buildConfig(bp.lines, origin, 'bp-config', bp.diagnostics);
}
