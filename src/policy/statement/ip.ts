/**
 * IPv4 and IPv6 addresses and CIDR blocks for the IpAddress / NotIpAddress condition operators
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress).
 * Addresses are read into 16-bit groups (two for IPv4, eight for IPv6) without regular expressions.
 * @internal
 */

function parseV4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (part === '' || part.length > 3 || !/^\d+$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return [
    ((bytes[0] as number) << 8) | (bytes[1] as number),
    ((bytes[2] as number) << 8) | (bytes[3] as number),
  ];
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  for (const part of text.split(':')) {
    if (part === '' || part.length > 4 || !/^[0-9a-fA-F]+$/.test(part)) return undefined;
    groups.push(Number.parseInt(part, 16));
  }
  return groups;
}

function parseV6(text: string): number[] | undefined {
  const gap = text.indexOf('::');
  if (gap >= 0 && text.indexOf('::', gap + 1) >= 0) return undefined;
  if (gap < 0) {
    const groups = parseGroups(text);
    return groups?.length === 8 ? groups : undefined;
  }
  const head = parseGroups(text.slice(0, gap));
  const tail = parseGroups(text.slice(gap + 2));
  if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** An address as 16-bit groups, or `undefined` when `text` is not an IPv4 or IPv6 address. @internal */
export function parseIp(text: string): number[] | undefined {
  return text.includes(':') ? parseV6(text) : parseV4(text);
}

/** True when address `ip` lies in `cidr` (`10.0.0.0/8`, `2001:db8::/32`, or a bare address). @internal */
export function ipInCidr(ip: string, cidr: string): boolean {
  const slash = cidr.indexOf('/');
  const base = parseIp(slash < 0 ? cidr : cidr.slice(0, slash));
  const address = parseIp(ip);
  if (base === undefined || address === undefined || base.length !== address.length) return false;
  const bits = base.length * 16;
  const prefix = slash < 0 ? bits : Number(cidr.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits || cidr.slice(slash + 1) === '') return false;
  for (let i = 0, left = prefix; left > 0; i++, left -= 16) {
    const mask = left >= 16 ? 0xffff : (0xffff << (16 - left)) & 0xffff;
    if (((base[i] as number) & mask) !== ((address[i] as number) & mask)) return false;
  }
  return true;
}
