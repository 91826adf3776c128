// --dns-server ADDR[:PORT]: checked before anything is read, so a bad value is a usage error.
import { ipFamily } from '../../firewall/address.js';

/** Checks a --dns-server value; returns why it is not usable, or undefined when it is. */
export function checkDnsServer(server: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  const v4 = /^([\d.]+)(?::(\d+))?$/.exec(server);
  const [address, port] = bracketed ? [bracketed[1]!, bracketed[2]] : v4 ? [v4[1]!, v4[2]] : [server, undefined];
  if (!ipFamily(address)) return `"${server}" is not ADDRESS, ADDRESS:PORT or [IPv6]:PORT`;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `port ${port} is out of range`;
  return undefined;
}
