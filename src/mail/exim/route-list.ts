// manualroute rules (spec chapter "The manualroute router", "Routing rules in route_list",
// "Format of the list of hosts"): `<domain pattern> <host list> [options]`, rules separated by
// `;` (`;;` is a literal semicolon); host items `name`, `name::port` (written with the default
// colon separator), `[ip]:port`, `name/MX`, and `+` (randomisation group boundary).
import { ipFamily } from '../../firewall/address.js';

export interface RouteRule {
  pattern: string;
  hostList: string;
  options: string[];
}

export type HostItem =
  | { kind: 'name'; name: string; port?: number }
  | { kind: 'mx'; name: string; port?: number }
  | { kind: 'literal'; address: string; port?: number };

export function splitRouteList(text: string): string[] {
  const rules: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== ';') current += text[i];
    else if (text[i + 1] === ';') {
      current += ';';
      i++;
    } else {
      rules.push(current.trim());
      current = '';
    }
  }
  rules.push(current.trim());
  return rules.filter((r) => r !== '');
}

/** Words of a rule; double-quoted words keep their spaces. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] !== undefined ? m[1] : m[2]!);
  return words;
}

export function readRouteRule(text: string): RouteRule | undefined {
  const [pattern, hostList, ...options] = splitWords(text);
  if (pattern === undefined || hostList === undefined) return undefined;
  return { pattern, hostList, options };
}

/** route_data: `<host list> [options]` for the current domain. */
export function readRouteData(text: string): Omit<RouteRule, 'pattern'> | undefined {
  const [hostList, ...options] = splitWords(text);
  return hostList === undefined ? undefined : { hostList, options };
}

export function readHostItem(item: string): HostItem | undefined {
  if (item === '' || item === '+') return undefined;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(item);
  if (bracket) return { kind: 'literal', address: bracket[1]!, ...(bracket[2] ? { port: Number(bracket[2]) } : {}) };
  if (ipFamily(item)) return { kind: 'literal', address: item };
  const portMatch = /^([^:]+):(\d+)$/.exec(item);
  const [name, port] = portMatch ? [portMatch[1]!, Number(portMatch[2])] : [item, undefined];
  const withPort = port !== undefined ? { port } : {};
  if (ipFamily(name)) return { kind: 'literal', address: name, ...withPort };
  const mx = /^(.*)\/mx$/i.exec(name);
  if (mx) return { kind: 'mx', name: mx[1]!.toLowerCase(), ...withPort };
  return { kind: 'name', name: name.toLowerCase(), ...withPort };
}
