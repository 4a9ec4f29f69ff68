import dns from "node:dns/promises";
import net from "node:net";
import { UserError } from "@/lib/errors";

// Connections to servers a user types in (IMAP, SMTP, Microsoft Graph URLs) go only to public addresses:
// otherwise any signed-in admin could make the server probe its own network (cloud metadata at 169.254.169.254,
// databases on 10.x, services on loopback). An operator can allow named hosts or ranges, or all private ones.

export interface OutboundPolicy {
  /** Hosts, IP addresses or CIDR ranges always allowed (DOCKET_OUTBOUND_ALLOW). */
  allow: string[];
  /** Private, loopback and link-local addresses allowed (DOCKET_OUTBOUND_ALLOW_PRIVATE=1): on-premises servers. */
  allowPrivate: boolean;
}

export class OutboundRefusedError extends Error {
  constructor(
    readonly host: string,
    message: string,
  ) {
    super(message);
    this.name = "OutboundRefusedError";
  }
}

// Ranges that are never a user's mail server on the internet (RFC 6890 special-purpose registries).
const internal = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, incl. cloud metadata 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  internal.addSubnet(prefix, bits, "ipv4");
}
for (const [prefix, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local, incl. fd00:ec2::254 (AWS metadata over IPv6)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  internal.addSubnet(prefix, bits, "ipv6");
}

/** IPv4-mapped IPv6 (::ffff:10.0.0.1) is checked as the IPv4 address it carries. */
function unmapped(address: string): { address: string; family: "ipv4" | "ipv6" } {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return { address: m[1], family: "ipv4" };
  return { address, family: net.isIPv6(address) ? "ipv6" : "ipv4" };
}

export function isInternalAddress(address: string): boolean {
  const a = unmapped(address);
  return internal.check(a.address, a.family);
}

function allowedExplicitly(host: string, address: string, allow: string[]): boolean {
  const a = unmapped(address);
  for (const entry of allow) {
    const e = entry.trim().toLowerCase();
    if (!e) continue;
    if (e === host.toLowerCase() || e === a.address) return true;
    const slash = e.indexOf("/");
    if (slash > 0) {
      const base = e.slice(0, slash);
      const bits = Number(e.slice(slash + 1));
      const family = net.isIPv6(base) ? "ipv6" : net.isIPv4(base) ? "ipv4" : null;
      if (!family || !Number.isInteger(bits) || family !== a.family) continue;
      const list = new net.BlockList();
      list.addSubnet(base, bits, family);
      if (list.check(a.address, family)) return true;
    }
  }
  return false;
}

/**
 * Resolves `host` and returns the address to connect to, refusing internal addresses unless the policy allows
 * them. Connect to the returned address (with the host name for TLS) so a second DNS answer cannot swap it.
 */
export async function resolveOutbound(host: string, policy: OutboundPolicy, what: string): Promise<string> {
  const name = host.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (net.isIP(name)) addresses = [name];
  else {
    try {
      addresses = (await dns.lookup(name, { all: true, verbatim: true })).map((r) => r.address);
    } catch {
      throw new OutboundRefusedError(host, `The ${what} "${host}" was not found (no such host name). Check the spelling.`);
    }
  }
  if (!addresses.length) throw new OutboundRefusedError(host, `The ${what} "${host}" was not found (no such host name). Check the spelling.`);
  if (policy.allowPrivate) return addresses[0];
  const refused = addresses.find((a) => isInternalAddress(a) && !allowedExplicitly(name, a, policy.allow));
  if (refused) {
    throw new OutboundRefusedError(
      host,
      `Docket does not connect to private, loopback or link-local addresses: the ${what} "${host}" is one. ` +
        "Use the server's public address, or ask your operator to allow it (DOCKET_OUTBOUND_ALLOW).",
    );
  }
  return addresses[0];
}

/** The address a URL's host resolves to, checked as above (for HTTP endpoints such as Microsoft Graph). */
export async function checkOutboundUrl(url: string, policy: OutboundPolicy, what: string): Promise<void> {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new OutboundRefusedError(url, `The ${what} "${url}" is not a valid URL.`);
  }
  await resolveOutbound(host, policy, what);
}

/** The same checks for a form: the refusal becomes a UserError that names the field's server. */
export async function assertPublicServer(hostOrUrl: string, what: string, policy: OutboundPolicy): Promise<void> {
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(hostOrUrl)) await checkOutboundUrl(hostOrUrl, policy, what);
    else await resolveOutbound(hostOrUrl, policy, what);
  } catch (e) {
    if (e instanceof OutboundRefusedError) throw new UserError(e.message);
    throw e;
  }
}
