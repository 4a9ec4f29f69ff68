import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { renderForRecipient } from "@/lib/campaigns/template";
import { signUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from "@/lib/campaigns/unsubscribe";
import { startSmtpServer, type ReceivedMail } from "@/lib/testing/smtp-server";
import { composeMessage } from "./compose";
import { SendError, classifySmtpError, createOutboxTransport, createSmtpTransport, parseSmtpUrl } from "./transports";

// A real SMTP server (npm smtp-server) on a random localhost port receives what the transport sends.

const SECRET = "test-unsubscribe-secret-0123456789";
const received: ReceivedMail[] = [];
let rcptRule: (addr: string) => { code: number; message: string } | null = () => null;
let server: Awaited<ReturnType<typeof startSmtpServer>>;
let port: number;

beforeAll(async () => {
  server = await startSmtpServer({ user: "ana@example.com", password: "app-password", allowInsecureAuth: false, refuseRecipient: (a) => rcptRule(a), received });
  port = server.port;
});

afterAll(() => server.close());

beforeEach(() => {
  received.length = 0;
  rcptRule = () => null;
});

const smtpConfig = () => ({
  host: "127.0.0.1",
  port,
  secure: false,
  user: "ana@example.com",
  pass: "app-password",
  allowInvalidCertificates: true, // smtp-server's built-in self-signed STARTTLS certificate
  requireTls: true,
});

const template = {
  subject: "{{name}}, a question about {{company}}",
  text: "Hi {{name}},\n\nI saw {{company}} is hiring a {{role | developer}}. My CV is attached.\n\nAna",
  html: "<p>Hi {{name}},</p><p>I saw <b>{{company}}</b> is hiring a {{role | developer}}.</p>",
};

describe("SMTP transport against a real SMTP server", () => {
  it("delivers rendered, personalised messages with attachment and List-Unsubscribe, over STARTTLS with auth", async () => {
    const transport = createSmtpTransport(smtpConfig());
    const cv = Buffer.from("%PDF-1.7 pretend CV bytes \u00e9", "utf8");
    const recipients = [
      { email: "bob@acme.example", fields: { name: "Bob", company: "Acme & Sons <Ltd>", role: "" } },
      { email: "carla@globex.example", fields: { name: "Carla", company: "Globex", role: "data engineer" } },
    ];
    try {
      for (const r of recipients) {
        const token = signUnsubscribeToken({ workspaceId: "ws-1", email: r.email, campaignId: "camp-9" }, SECRET);
        const link = unsubscribeUrl("https://docket.example.com", token);
        const rendered = renderForRecipient(template, r.fields, { onEmpty: "skip", unsubscribeUrl: link });
        if (!rendered.ok) throw new Error(rendered.reason);
        const msg = await composeMessage({
          from: { name: "Ana", address: "ana@example.com" },
          to: r.email,
          ...rendered.message,
          attachments: [{ filename: "CV.pdf", contentType: "application/pdf", content: cv }],
          unsubscribe: { url: link, mailto: "unsubscribe@docket.example.com" },
        });
        const result = await transport.send(msg);
        expect(result).toEqual({ providerMessageId: msg.messageId, accepted: [r.email] });
      }
    } finally {
      await transport.close();
    }

    expect(received).toHaveLength(2);
    const [bob, carla] = await Promise.all(received.map((r) => simpleParser(r.raw)));
    expect(received[0]).toMatchObject({ from: "ana@example.com", to: ["bob@acme.example"], user: "ana@example.com" });
    expect(received[1].to).toEqual(["carla@globex.example"]);

    // placeholders rendered per recipient, fallback used for Bob's empty role
    expect(bob.subject).toBe("Bob, a question about Acme & Sons <Ltd>");
    expect(carla.subject).toBe("Carla, a question about Globex");
    expect(bob.text).toContain("I saw Acme & Sons <Ltd> is hiring a developer.");
    expect(carla.text).toContain("is hiring a data engineer.");
    // HTML body: values escaped
    expect(bob.html).toContain("<b>Acme &amp; Sons &lt;Ltd&gt;</b>");
    expect(bob.html).not.toContain("<Ltd>");

    // attachment intact
    expect(bob.attachments).toHaveLength(1);
    expect(bob.attachments[0].filename).toBe("CV.pdf");
    expect(bob.attachments[0].content.equals(cv)).toBe(true);

    // List-Unsubscribe carries Bob's own signed token, which verifies to Bob's address
    const lu = bob.headerLines.find((h) => h.key === "list-unsubscribe")!.line.replace(/\r?\n\s+/g, " ");
    const m = /<https:\/\/docket\.example\.com\/u\/([^>]+)>, <mailto:unsubscribe@docket\.example\.com>/.exec(lu);
    expect(m).not.toBeNull();
    const verified = verifyUnsubscribeToken(m![1], SECRET);
    expect(verified).toEqual({ ok: true, payload: { workspaceId: "ws-1", email: "bob@acme.example", campaignId: "camp-9" } });
    expect(bob.headerLines.some((h) => h.line === "List-Unsubscribe-Post: List-Unsubscribe=One-Click")).toBe(true);
    // and the body carries the same link
    expect(bob.text).toContain(`https://docket.example.com/u/${m![1]}`);
    expect(bob.html).toContain(`href="https://docket.example.com/u/${m![1]}"`);
  });

  it("classifies a refused login as auth_revoked", async () => {
    const transport = createSmtpTransport({ ...smtpConfig(), pass: "wrong" });
    const msg = await composeMessage({ from: "ana@example.com", to: "bob@acme.example", subject: "x", text: "y" });
    const err = await transport.send(msg).then(
      () => null,
      (e: unknown) => e,
    );
    await transport.close();
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).kind).toBe("auth_revoked");
    expect(received).toHaveLength(0);
  });

  it("classifies recipient rejections: 550 → permanent, 451 → transient, 421 4.7.0 → quota", async () => {
    const cases: [number, string, string][] = [
      [550, "5.1.1 No such user", "permanent"],
      [451, "4.3.0 Temporary local problem", "transient"],
      [421, "4.7.0 Try again later, closing connection (rate limited)", "quota"],
    ];
    for (const [code, message, kind] of cases) {
      rcptRule = () => ({ code, message });
      const transport = createSmtpTransport(smtpConfig());
      const msg = await composeMessage({ from: "ana@example.com", to: "nobody@acme.example", subject: "x", text: "y" });
      const err = (await transport.send(msg).catch((e: unknown) => e)) as SendError;
      await transport.close();
      expect(err, `${code}`).toBeInstanceOf(SendError);
      expect(err.kind, `${code} ${message}`).toBe(kind);
      expect(err.status).toBe(code);
    }
    expect(received).toHaveLength(0);
  });

  it("reports a refused connection as transient, not as possibly sent", async () => {
    const transport = createSmtpTransport({ ...smtpConfig(), port: 1, connectionTimeoutMs: 2000 });
    const msg = await composeMessage({ from: "ana@example.com", to: "bob@acme.example", subject: "x", text: "y" });
    const err = (await transport.send(msg).catch((e: unknown) => e)) as SendError;
    expect(err.kind).toBe("transient");
    expect(err.mayHaveSent).toBe(false);
  });
});

describe("SMTP helpers", () => {
  it("parses SMTP URLs", () => {
    expect(parseSmtpUrl("smtps://me%40x.com:p%3Ass@mail.x.com")).toEqual({
      host: "mail.x.com",
      port: 465,
      secure: true,
      user: "me@x.com",
      pass: "p:ss",
    });
    expect(parseSmtpUrl("smtp://mail.x.com:2525").port).toBe(2525);
    expect(() => parseSmtpUrl("http://mail.x.com")).toThrow(/smtp:\/\//);
  });

  it("maps Gmail's daily sending limit reply to quota", () => {
    const e = classifySmtpError(
      Object.assign(new Error("Message failed"), { code: "EMESSAGE", responseCode: 550, response: "550 5.4.5 Daily user sending limit exceeded." }),
    );
    expect(e.kind).toBe("quota");
    const tls = classifySmtpError(Object.assign(new Error("x"), { code: "EPROTOCOL", responseCode: 454, response: "454 4.7.0 TLS not available due to local problem" }));
    expect(tls.kind).toBe("transient");
  });
});

describe("dev outbox transport", () => {
  it("returns and stores exactly the composed bytes, marked as not delivered", async () => {
    const stored: { id: string; raw: Buffer }[] = [];
    let n = 0;
    const outbox = createOutboxTransport({ store: (e) => void stored.push(e), generateId: () => `ob-${++n}` });
    const msg = await composeMessage({ from: "ana@example.com", to: "bob@acme.example", subject: "Hello", text: "body" });
    const res = await outbox.send(msg);
    expect(res.providerMessageId).toBe("ob-1");
    expect(res.delivered).toBe(false);
    expect(res.accepted).toEqual(["bob@acme.example"]);
    expect(res.raw.equals(msg.raw)).toBe(true);
    expect(stored).toHaveLength(1);
    expect(stored[0].raw.equals(msg.raw)).toBe(true);
  });

  it("turns a storage failure into a transient SendError", async () => {
    const outbox = createOutboxTransport({
      store: () => {
        throw new Error("disk full");
      },
    });
    const msg = await composeMessage({ from: "ana@example.com", to: "bob@acme.example", subject: "Hello", text: "body" });
    await expect(outbox.send(msg)).rejects.toMatchObject({ kind: "transient", message: expect.stringContaining("disk full") });
  });
});
