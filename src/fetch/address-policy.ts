/**
 * Which IP addresses a feed request may connect to (the SSRF rule).
 *
 * Refused unless allowed: loopback, RFC 1918 private, CGNAT (100.64/10), link-local (169.254/16, fe80::/10),
 * unspecified (0.0.0.0/8, ::), ULA (fc00::/7), site-local (fec0::/10), multicast, reserved (240/4, broadcast),
 * documentation/benchmark ranges, and the IPv6 transition forms that carry an IPv4 address: IPv4-mapped
 * (::ffff:a.b.c.d), IPv4-compatible (::/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) are judged by the IPv4
 * address inside them. `allowPrivate` lifts the rule; an `allowCidrs` entry lifts it for its range only.
 */
import { BlockList, isIP } from 'node:net';
import { NewswatchError } from '../errors.js';

/** Decides whether a connection to an IP address is allowed. */
export interface AddressPolicy {
  /** Returns the SSRF_BLOCKED error for a refused address, or null when the address may be connected to. */
  refusal(ip: string): NewswatchError | null;
}

const BLOCKED_V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const BLOCKED_V6: ReadonlyArray<readonly [string, number]> = [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32], // Teredo: the client's IPv4 address is obfuscated, so it cannot be judged
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const blocked = new BlockList();
for (const [net, prefix] of BLOCKED_V4) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of BLOCKED_V6) blocked.addSubnet(net, prefix, 'ipv6');

/** Builds the policy for one network config; throws CONFIG_INVALID for an allowCidrs entry that is not a CIDR. */
export function createAddressPolicy(options: { allowPrivate: boolean; allowCidrs: readonly string[] }): AddressPolicy {
  const allowed = new BlockList();
  for (const cidr of options.allowCidrs) addCidr(allowed, cidr);

  return {
    refusal(raw) {
      if (options.allowPrivate) return null;
      const ip = stripZone(raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw);
      const family = isIP(ip);
      if (family === 0) {
        return new NewswatchError('SSRF_BLOCKED', `destination not allowed: ${raw} is not an IP address`);
      }
      if (!isBlocked(ip, family)) return null;
      if (isAllowed(allowed, ip, family)) return null;
      return new NewswatchError(
        'SSRF_BLOCKED',
        `destination not allowed: ${ip} is a private address (set network.allow_private or network.allow_cidrs to allow it)`,
        { retryable: false },
      );
    },
  };
}

function addCidr(list: BlockList, cidr: string): void {
  const [net = '', prefixText, ...rest] = cidr.trim().split('/');
  const family = isIP(net);
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (family === 0 || rest.length > 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new NewswatchError('CONFIG_INVALID', `network.allow_cidrs: "${cidr}" is not a CIDR such as 10.1.0.0/16`);
  }
  list.addSubnet(net, prefix, family === 4 ? 'ipv4' : 'ipv6');
}

function isBlocked(ip: string, family: number): boolean {
  if (family === 4) return blocked.check(ip, 'ipv4');
  const embedded = embeddedIPv4(ip);
  if (embedded !== null) return blocked.check(embedded, 'ipv4');
  return blocked.check(ip, 'ipv6');
}

function isAllowed(allowed: BlockList, ip: string, family: number): boolean {
  if (family === 4) return allowed.check(ip, 'ipv4');
  const embedded = embeddedIPv4(ip);
  return allowed.check(ip, 'ipv6') || (embedded !== null && allowed.check(embedded, 'ipv4'));
}

function stripZone(ip: string): string {
  const i = ip.indexOf('%');
  return i === -1 ? ip : ip.slice(0, i);
}

/** The IPv4 address carried by an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address, else null. */
export function embeddedIPv4(ipv6: string): string | null {
  const words = ipv6Words(ipv6);
  if (words === null) return null;
  const zeroUpTo = (n: number): boolean => words.slice(0, n).every((w) => w === 0);
  const v4 = (hi: number, lo: number): string => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  if (zeroUpTo(5) && words[5] === 0xffff) return v4(words[6]!, words[7]!);
  // ::/128 and ::1 are themselves blocked as IPv6; only read ::a.b.c.d as IPv4 beyond them.
  if (zeroUpTo(6) && (words[6] !== 0 || words[7]! > 1)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0)) {
    return v4(words[6]!, words[7]!);
  }
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!);
  return null;
}

function ipv6Words(ip: string): number[] | null {
  if (isIP(ip) !== 6) return null;
  let text = ip.toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    text = text.slice(0, dotted.index);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const [head = '', rest] = text.split('::');
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((h) => parseInt(h, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const fill = 8 - tail.length - left.length - right.length;
  if (rest === undefined && fill !== 0) return null;
  return [...left, ...new Array<number>(Math.max(fill, 0)).fill(0), ...right, ...tail];
}
