// Random expansion expressions for the exim -be tier, from a fixed seed: operators, items,
// conditions and lookups over literal strings and the files in files.ts, nested a few levels.
// Strings are drawn from pools that exercise case, white space, quoting and list separators.
import type { Rng } from '../../kernel/lib/random.js';
import type { LookupFiles } from './files.js';

const WORDS = ['abc', 'ABC', 'Hello World', 'a.b.c.d', 'user@domain.test', 'Mixed.Example.TEST', 'x', '', ' padded ', 'a"b', 'back\\\\slash', 'tab\\tin', '0', '42', '-7', 'yes', 'No', 'true', '10k', 'a-b_c.d', 'sub.example.test', 'www.sub.example.test'];
const ADDRS = ['user@domain.test', 'User@Domain.Test', '<a@b.test>', 'plain', 'x@y', '<>'];
const LISTS = ['a:b:c', 'one', '', 'a::b:c', '<; a;b;c', ' x : y ', 'A:b:C', '<, 1,2,3', 'example.test:*.wild.test:other.test'];
const KEYS = ['alpha', 'ALPHA', 'Beta', 'gamma', 'delta', 'quoted key', 'escAped', 'sub.example.test', 'www.sub.example.test', 'a.sub.example.test', 'example.test', 'a.b.c.d', 'x.b.c.d', 'b.c.d', 'user@domain.test', 'other@domain.test', 'nobody@else.test', 'empty', 'colon', 'mixed.example.test', 'missing', 'foo', 'eps', 're12.test', 're.test', 'literal.test', 'x.wild.test', 'anchored', 'box', 'Box', 'other.test'];
const IPS = ['192.0.2.10', '192.0.2.255', '198.51.100.7', '198.51.100.8', '2001:db8::1', '2001:db9::1', '203.0.113.5', '203.0.113.200', '*', 'not-an-ip'];
const REGEXES = ['^a', 'b$', '[0-9]+', '^(\\\\w+)@(.+)\\$', '\\\\.', 'o', '^$', '(?i)abc', 'x|y'];
const NUMS = ['0', '1', '2', '3', '5', '-1', '-2', ' 3', '10'];

export function generateExpression(rng: Rng, files: LookupFiles, depth = 0): string {
  const s = () => (depth < 2 && rng.chance(0.25) ? generateExpression(rng, files, depth + 1) : rng.pick(WORDS));
  const n = () => rng.pick(NUMS);
  const l = () => rng.pick(LISTS);
  switch (rng.int(0, 11)) {
    case 0: return `\${${rng.pick(['lc', 'uc', 'strlen', 'quote', 'listcount'])}:${s()}}`;
    case 1: return rng.pick([`\${length_${rng.int(0, 6)}:${s()}}`, `\${substr_${rng.int(0, 4)}_${rng.int(0, 4)}:${s()}}`, `\${hash_${rng.int(1, 6)}_${rng.int(1, 62)}:${s()}}`, `\${substr_${rng.int(0, 5)}:${s()}}`]);
    case 2: return `\${${rng.pick(['domain', 'local_part', 'address'])}:${rng.pick(ADDRS)}}`;
    case 3: return rng.pick([`\${length{${rng.int(0, 8)}}{${s()}}}`, `\${substr{${rng.pick(['0', '1', '-2', '3', '-9'])}}{${rng.int(0, 5)}}{${s()}}}`, `\${substr{${rng.int(0, 3)}}{${s()}}}`, `\${hash{${rng.int(1, 5)}}{${rng.int(2, 62)}}{${s()}}}`, `\${hash{${rng.int(1, 5)}}{${s()}}}`]);
    case 4: return extract(rng, s);
    case 5: return rng.pick([`\${sg{${s()}}{${rng.pick(REGEXES)}}{<\\$0>}}`, `\${tr{${s()}}{${rng.pick(['abc', 'a.', 'xyz'])}}{${rng.pick(['xyz', '-', 'AB'])}}}`, `\${listextract{${n()}}{${l()}}}`, `\${map{${l()}}{[$item]}}`, `\${reduce{${l()}}{}{$value<$item>}}`, `\${filter{${l()}}{match{$item}{${rng.pick(['^a', 'b', '.'])}}}}`]);
    case 6: case 7: return `\${if ${condition(rng, files, s, depth)}{${s()}}{${s()}}}`;
    case 8: return `\${if ${condition(rng, files, s, depth)}}`;
    case 9: case 10: return lookup(rng, files, depth);
    default: return `${rng.pick(WORDS)}\${if ${condition(rng, files, s, depth)}{yes}${rng.pick(['{no}', ' fail', ''])}}`;
  }
}

function extract(rng: Rng, s: () => string): string {
  const kv = rng.pick(['a=1 b=2', 'key="quoted value" other=x', ' k = v  K2=V2 ', 'esc="a\\\\"b" z', 'name=', 'x=1 x=2']);
  const key = rng.pick(['a', 'b', 'key', 'other', 'k', 'K2', 'esc', 'z', 'name', 'x', 'none', ' a ']);
  return rng.pick([
    `\${extract{${key}}{${kv}}}`,
    `\${extract{${key}}{${kv}}{<$value>}{${s()}}}`,
    `\${extract{${key}}{${kv}}{yes}fail}`,
    `\${extract{${rng.pick(['1', '2', '3', '-1', '0', '7'])}}{${rng.pick([':', ',;', ' '])}}{${rng.pick(['a:b:c', 'x,y;z', 'one two', '::'])}}}`,
    `\${extract{${rng.pick(['1', '2', '-1'])}}{:}{a:b:c}{[$value]}{none}}`,
  ]);
}

function condition(rng: Rng, files: LookupFiles, s: () => string, depth: number): string {
  const two = (name: string) => `${name}{${s()}}{${s()}}`;
  switch (rng.int(0, 10)) {
    case 0: return two(rng.pick(['eq', 'eqi', 'lt', 'gt', 'le', 'ge', 'lti', 'gei']));
    case 1: return `${rng.pick(['==', '<', '>', '<=', '>='])}{${rng.pick(NUMS)}}{${rng.pick([...NUMS, '2k', '', 'x'])}}`;
    case 2: return `match{${s()}}{${rng.pick(REGEXES)}}`;
    case 3: return `${rng.pick(['inlist', 'inlisti'])}{${rng.pick(['a', 'B', 'x', 'c', ' y'])}}{${rng.pick(LISTS)}}`;
    case 4: return `${rng.pick(['isip', 'isip4', 'isip6'])}{${rng.pick([...IPS, '1.2.3', '::', '1.2.3.4.5'])}}`;
    case 5: return `${rng.pick(['bool', 'bool_lax'])}{${rng.pick(['yes', 'NO', '0', '1', ' true ', '', 'x', '-1', '00'])}}`;
    case 6: return `exists{${rng.pick([files.lsearch, files.dir, files.missing])}}`;
    case 7: return rng.pick(['def:primary_hostname', 'def:qualify_domain', '!def:primary_hostname']);
    case 8: return depth < 2 ? `${rng.pick(['and', 'or'])}{{${condition(rng, files, s, depth + 1)}}{${condition(rng, files, s, depth + 1)}}}` : two('eq');
    case 9: return `${rng.pick(['forall', 'forany'])}{${rng.pick(LISTS)}}{${rng.pick(['eq{$item}{a}', 'match{$item}{^[a-c]}', 'inlist{$item}{a:b}'])}}`;
    default: return `!${two('eq')}`;
  }
}

function lookup(rng: Rng, files: LookupFiles, depth: number): string {
  const kind = rng.pick(['lsearch', 'lsearch', 'partial-lsearch', 'partial1-lsearch', 'partial3-lsearch', 'lsearch*', 'lsearch*@', 'partial-lsearch*', 'wildlsearch', 'nwildlsearch', 'iplsearch', 'dsearch', 'lsearch,ret=key', 'partial-lsearch,ret=key']);
  const file = kind === 'iplsearch' ? files.ips : kind === 'dsearch' ? files.dir : kind.includes('wild') ? files.wild : rng.chance(0.1) ? files.missing : rng.chance(0.15) ? files.star : files.lsearch;
  const key = kind === 'iplsearch' ? rng.pick(IPS) : rng.pick(KEYS);
  const tail = rng.pick(['', '{<$value>}', '{<$value>}{none}', '{found}fail', '{${lc:$value}}{${uc:none}}']);
  const keyText = depth < 1 && rng.chance(0.1) ? `\${lc:${key}}` : key;
  return `\${lookup{${keyText}}${kind}{${file}}${tail}}`;
}
