import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a webhook may reach. A receiver must be on the public internet: never loopback,
 * private (RFC 1918, unique local), link-local (cloud metadata at 169.254.169.254), carrier-grade
 * NAT, multicast, reserved or documentation ranges, nor an IPv6 form of any of them (IPv4-mapped,
 * NAT64, 6to4, Teredo). ipaddr.js names the range of an address; only its plain `unicast` is public.
 *
 * The host is checked when the webhook is registered, and again on every delivery, inside the
 * connection's own DNS lookup (`guardedLookup`): the addresses checked are the addresses connected
 * to, so a name that resolves to a public address at registration and to a private one later (DNS
 * rebinding) is refused when it matters.
 */

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** A host that resolves to an address a webhook may not reach. */
export class NonPublicAddress extends Error {
  override name = 'NonPublicAddress';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to ${address}, which is not a public address`);
  }
}

/** A URL's hostname as DNS and `isIP` take it: IPv6 literals without their brackets. */
export const bareHost = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1');

const resolveAll = (host: string): Promise<LookupAddress[]> =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/**
 * Every address `hostname` resolves to, refused with NonPublicAddress if any is not public (unless
 * `allowPrivate`). DNS errors are thrown as they are.
 */
export async function publicAddressesOf(hostname: string, allowPrivate: boolean): Promise<string[]> {
  const host = bareHost(hostname);
  const addresses = isIP(host) ? [host] : (await resolveAll(host)).map(({ address }) => address);
  const refused = allowPrivate ? undefined : addresses.find((address) => !isPublicAddress(address));
  if (refused !== undefined) throw new NonPublicAddress(host, refused);
  return addresses;
}

/**
 * The DNS lookup of a delivery's connection: the resolved addresses are checked before the socket
 * connects to them. (An IP literal is not looked up; the sender checks it with `publicAddressesOf`.)
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = allowPrivate ? undefined : addresses.find(({ address }) => !isPublicAddress(address));
      if (refused) return callback(new NonPublicAddress(hostname, refused.address), '', 0);
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new NonPublicAddress(hostname, 'no address'), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
