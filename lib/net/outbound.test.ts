import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertPublicServer, isInternalAddress, OutboundRefusedError, resolveOutbound } from "./outbound";

const closed = { allow: [], allowPrivate: false };

describe("outbound addresses", () => {
  it("knows loopback, private, link-local, metadata and mapped addresses as internal, public ones as not", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.20.0.5", "192.168.1.10", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:10.0.0.1", "::ffff:127.0.0.1"]) {
      expect(isInternalAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isInternalAddress(a), a).toBe(false);
    }
  });

  it("refuses the metadata address, loopback names and private ranges with a message that says what to do", async () => {
    for (const host of ["169.254.169.254", "localhost", "10.0.0.7", "[::1]"]) {
      const err = await resolveOutbound(host, closed, "IMAP server").catch((e) => e);
      expect(err, host).toBeInstanceOf(OutboundRefusedError);
      expect(err.message).toContain(`the IMAP server "${host}"`);
      expect(err.message).toContain("DOCKET_OUTBOUND_ALLOW");
    }
  });

  it("lets a public address through and returns the address to connect to", async () => {
    expect(await resolveOutbound("93.184.215.14", closed, "SMTP server")).toBe("93.184.215.14");
  });

  it("allows what the operator lists: a host, an address or a range, or every private address", async () => {
    expect(await resolveOutbound("10.0.0.7", { allow: ["10.0.0.0/8"], allowPrivate: false }, "IMAP server")).toBe("10.0.0.7");
    expect(await resolveOutbound("192.168.1.4", { allow: ["192.168.1.4"], allowPrivate: false }, "IMAP server")).toBe("192.168.1.4");
    expect(await resolveOutbound("localhost", { allow: ["localhost"], allowPrivate: false }, "IMAP server")).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(await resolveOutbound("172.16.3.3", { allow: [], allowPrivate: true }, "IMAP server")).toBe("172.16.3.3");
    // a range of the other family or a different range does not open anything
    await expect(resolveOutbound("10.0.0.7", { allow: ["192.168.0.0/16", "fc00::/7"], allowPrivate: false }, "IMAP server")).rejects.toThrow(/private/);
  });

  it("says when a host name does not exist instead of showing the resolver's error", async () => {
    await expect(resolveOutbound("no-such-host.invalid", closed, "SMTP server")).rejects.toThrow('The SMTP server "no-such-host.invalid" was not found');
  });

  it("checks URLs by their host (Microsoft Graph addresses typed in a form)", async () => {
    await expect(assertPublicServer("https://169.254.169.254/latest/meta-data", "Graph URL", closed)).rejects.toThrow(/Graph URL "169\.254\.169\.254"/);
    await expect(assertPublicServer("https://93.184.215.14", "Graph URL", closed)).resolves.toBeUndefined();
  });
});

describe("outbound addresses through the mail connectors", () => {
  let server: net.Server;
  let port = 0;
  let connections = 0;
  beforeAll(async () => {
    server = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("an IMAP connection to a refused address is never opened", async () => {
    const { verifyImapMailbox } = await import("@/lib/intake/imap");
    const before = connections;
    const err = await verifyImapMailbox({ host: "127.0.0.1", port, secure: false, user: "u", password: "p", folder: "INBOX", outbound: closed }).catch((e) => e);
    expect(err.code).toBe("imap_connection");
    expect(err.message).toMatch(/private, loopback or link-local/);
    expect(connections).toBe(before);
  });

  it("an SMTP send to a refused address is never attempted and pauses the account", async () => {
    const { createSmtpTransport } = await import("@/lib/mail/transports");
    const t = createSmtpTransport({ host: "127.0.0.1", port, secure: false, outbound: closed });
    const before = connections;
    const err = await t.send({ envelope: { from: "a@b.example", to: ["c@d.example"] }, raw: Buffer.from("x"), messageId: "<m@b>" } as never).catch((e) => e);
    expect(err.kind).toBe("auth_revoked");
    expect(connections).toBe(before);
    await t.close();
  });

  it("an IMAP connection error says what went wrong in words, not the socket's raw error", async () => {
    const { verifyImapMailbox } = await import("@/lib/intake/imap");
    const err = await verifyImapMailbox({ host: "127.0.0.1", port, secure: false, user: "u", password: "p", folder: "INBOX", connectionTimeoutMs: 3000 }).catch((e) => e);
    expect(err.code).toBe("imap_connection");
    expect(err.message).toMatch(/^Could not connect to the IMAP server 127\.0\.0\.1:\d+ for u: /);
    expect(err.message).not.toMatch(/ECONN|EPIPE|Error:/);
  });
});
