// Typed option values (spec "Common option syntax"). Values are never expanded: one that holds a
// `$` expansion is unknown, and the caller says which router or transport that makes uncertain.
import type { OptionSetting } from './config.js';

export type Known<T> = { known: true; value: T } | { known: false; reason: string };

export function known<T>(value: T): Known<T> {
  return { known: true, value };
}

export function unknownValue<T>(reason: string): Known<T> {
  return { known: false, reason };
}

/** True when Exim would expand something in the text: an unescaped `$` (spec "String expansions"). */
export function hasExpansion(text: string): boolean {
  const outsideLiterals = text.replace(/\\N[\s\S]*?\\N/g, '');
  return /(^|[^\\])\$/.test(outsideLiterals);
}

function describe(setting: OptionSetting): string {
  return `${setting.name} = ${setting.value}`;
}

/** Booleans: `name`, `no_name`, `not_name`, `name = true|false|yes|no`. */
export function readBoolean(setting: OptionSetting | undefined, fallback: boolean): Known<boolean> {
  if (!setting) return known(fallback);
  switch (setting.form) {
    case 'flag':
      return known(true);
    case 'negated':
      return known(false);
    case 'assign': {
      const v = setting.value.trim().toLowerCase();
      if (v === 'true' || v === 'yes') return known(true);
      if (v === 'false' || v === 'no') return known(false);
      return unknownValue(`"${describe(setting)}" is not true/false/yes/no`);
    }
  }
}

/**
 * An expanded boolean such as a router `condition`, `ipv4_only` or `ipv4_prefer`: false when the
 * result is empty, "0", "no" or "false" (case-insensitive), true otherwise (spec option `condition`).
 */
export function readExpandedTruth(setting: OptionSetting | undefined, fallback: boolean): Known<boolean> {
  if (!setting) return known(fallback);
  if (setting.form !== 'assign') return known(setting.form === 'flag');
  if (hasExpansion(setting.value)) return unknownValue(`"${describe(setting)}" needs a string expansion, which mailleak never evaluates`);
  const v = setting.value.trim().toLowerCase();
  return known(!(v === '' || v === '0' || v === 'no' || v === 'false'));
}

/** Plain text of a string option; unknown when it needs an expansion. */
export function readText(setting: OptionSetting | undefined): Known<string | undefined> {
  if (!setting || setting.form !== 'assign') return known(undefined);
  if (hasExpansion(setting.value)) return unknownValue(`"${describe(setting)}" needs a string expansion, which mailleak never evaluates`);
  return known(unquote(setting.value));
}

/** Integers: decimal, 0x hex, leading-0 octal, K/M/G suffixes. */
export function readInteger(setting: OptionSetting | undefined, fallback: number): Known<number> {
  const text = readText(setting);
  if (!text.known) return text;
  if (text.value === undefined || text.value === '') return known(fallback);
  const m = /^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)([kmg]?)$/i.exec(text.value.trim());
  if (!m) return unknownValue(`"${setting!.name} = ${text.value}" is not an integer`);
  const base = m[1]!.toLowerCase().startsWith('0x') ? parseInt(m[1]!, 16) : m[1]!.length > 1 && m[1]!.startsWith('0') ? parseInt(m[1]!, 8) : parseInt(m[1]!, 10);
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return known(base * scale);
}

/** Quoted strings interpret backslash escapes (spec "String options"); unquoted ones are verbatim. */
export function unquote(value: string): string {
  const v = value.trim();
  if (v.length < 2 || !v.startsWith('"') || !v.endsWith('"')) return v;
  return v.slice(1, -1).replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e === 'n') return '\n';
    if (e === 't') return '\t';
    if (e === 'r') return '\r';
    if (e.startsWith('x')) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return e;
  });
}
