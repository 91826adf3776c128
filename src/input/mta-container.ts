// Where a containerised MTA sends from: `--mta-container ADDR@IFACE` (repeatable, one address
// per family on one bridge). Its SMTP connections are routed by the host, so they cross
// PREROUTING → FORWARD → POSTROUTING with the container's address as source and the bridge as
// in-interface, never OUTPUT (that is how Docker, Podman and LXC bridges work).
import { formatIp, parseIp } from '../firewall/address.js';
import type { MtaContainer } from './collected.js';
import { InputError } from './errors.js';

/** IFNAMSIZ 16 with the NUL (dev_valid_name in net/core/dev.c): 15 characters, no blank or slash. */
const INTERFACE = /^[^\s/@]{1,15}$/;

export function parseMtaContainerOptions(values: readonly string[]): MtaContainer | undefined {
  if (values.length === 0) return undefined;
  const addresses: string[] = [];
  let bridge: string | undefined;
  for (const value of values) {
    const at = value.lastIndexOf('@');
    const address = parseIp(at > 0 ? value.slice(0, at) : '');
    const iface = at > 0 ? value.slice(at + 1) : '';
    if (!address || !INTERFACE.test(iface)) throw new InputError(`--mta-container: "${value}" is not ADDR@IFACE (the container's address and the bridge it is on, e.g. 172.22.1.5@br-mailcow)`);
    if (bridge !== undefined && bridge !== iface) throw new InputError(`--mta-container: the container is on one bridge, but both ${bridge} and ${iface} were given`);
    if (addresses.some((a) => parseIp(a)!.family === address.family)) throw new InputError(`--mta-container: two IPv${address.family} addresses given; give one per family`);
    bridge = iface;
    addresses.push(formatIp(address));
  }
  return { addresses, bridge: bridge!, from: 'option' };
}

/** The container's address of one family, when known. */
export function containerAddress(container: Pick<MtaContainer, 'addresses'>, family: 4 | 6): string | undefined {
  return container.addresses.find((a) => parseIp(a)?.family === family);
}
