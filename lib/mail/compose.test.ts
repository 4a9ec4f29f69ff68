import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { ComposeError, composeMessage, deterministicMessageId, unsubscribeHeaders } from "./compose";

const base = {
  from: { name: "Ana López", address: "ana@example.com" },
  to: "Bob <bob@example.org>",
  subject: "Propuesta para Acme — año 2026",
  text: "Hola Bob,\nadjunto mi CV.",
  html: "<p>Hola <b>Bob</b>, adjunto mi CV.</p>",
};

describe("composeMessage", () => {
  it("builds a multipart message that a MIME parser reads back: addresses, encoded subject, both bodies, attachment", async () => {
    const pdf = Buffer.from("%PDF-1.4\n% fake but binary \u0000\u00ff\n", "latin1");
    const msg = await composeMessage({
      ...base,
      attachments: [{ filename: "CV Ana López.pdf", contentType: "application/pdf", content: pdf }],
    });
    const raw = msg.raw.toString("latin1");
    // Non-ASCII subject must be MIME encoded-word, never raw 8-bit in the header
    expect(raw).toMatch(/^Subject: =\?UTF-8\?/m);
    const parsed = await simpleParser(msg.raw);
    expect(parsed.subject).toBe(base.subject);
    expect(parsed.from?.value[0]).toEqual({ name: "Ana López", address: "ana@example.com" });
    expect(parsed.text?.trim()).toBe(base.text);
    expect(parsed.html).toContain("<b>Bob</b>");
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0].filename).toBe("CV Ana López.pdf");
    expect(parsed.attachments[0].contentType).toBe("application/pdf");
    expect(Buffer.compare(parsed.attachments[0].content, pdf)).toBe(0);
    expect(msg.envelope).toEqual({ from: "ana@example.com", to: ["bob@example.org"] });
    expect(parsed.messageId).toBe(msg.messageId);
  });

  it("adds List-Unsubscribe with the https link and mailto, plus one-click List-Unsubscribe-Post", async () => {
    const url = "https://docket.example.com/u/eyJ3IjoiYSJ9.c2lnbmF0dXJl";
    const msg = await composeMessage({ ...base, unsubscribe: { url, mailto: "unsub@docket.example.com?subject=unsubscribe" } });
    const parsed = await simpleParser(msg.raw);
    const header = parsed.headerLines.find((h) => h.key === "list-unsubscribe")?.line ?? "";
    expect(header.replace(/\r?\n\s+/g, " ")).toBe(
      `List-Unsubscribe: <${url}>, <mailto:unsub@docket.example.com?subject=unsubscribe>`,
    );
    const post = parsed.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line;
    expect(post).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  });

  it("omits List-Unsubscribe-Post when there is only a mailto", () => {
    expect(unsubscribeHeaders({ mailto: "u@example.com" })).toEqual({ "List-Unsubscribe": "<mailto:u@example.com>" });
  });

  it("is byte-identical for the same input with a deterministic Message-ID, date and boundary seed", async () => {
    const messageId = deterministicMessageId(["campaign-1", "recipient-7"], "docket.example.com");
    expect(messageId).toMatch(/^<[0-9a-f]{32}@docket\.example\.com>$/);
    expect(deterministicMessageId(["campaign-1", "recipient-8"], "docket.example.com")).not.toBe(messageId);
    const input = {
      ...base,
      attachments: [{ filename: "a.txt", content: "hello" }],
      messageId,
      date: new Date("2026-11-21T10:00:00Z"),
      boundarySeed: "campaign-1/recipient-7",
    };
    const a = await composeMessage(input);
    const b = await composeMessage(input);
    expect(a.messageId).toBe(messageId);
    expect(a.raw.equals(b.raw)).toBe(true);
    expect(a.raw.toString()).toContain("Date: Sat, 21 Nov 2026 10:00:00 +0000");
  });

  it("rejects header injection through subject or extra headers, and reserved header names", async () => {
    await expect(composeMessage({ ...base, subject: "Hi\r\nBcc: victim@example.com" })).rejects.toThrow(/subject must be a single line/);
    await expect(composeMessage({ ...base, headers: { "X-Campaign": "a\nBcc: x@y.z" } })).rejects.toThrow(ComposeError);
    await expect(composeMessage({ ...base, headers: { Bcc: "x@y.z" } })).rejects.toThrow(/set by the composer/);
  });

  it("passes extra headers through", async () => {
    const msg = await composeMessage({ ...base, headers: { "X-Docket-Campaign": "c-42" } });
    const parsed = await simpleParser(msg.raw);
    expect(parsed.headers.get("x-docket-campaign")).toBe("c-42");
  });

  it("enforces the attachment size limit and names the file that crossed it", async () => {
    const big = Buffer.alloc(600 * 1024, 1);
    await expect(
      composeMessage(
        { ...base, attachments: [{ filename: "one.bin", content: big }, { filename: "two.bin", content: big }] },
        { maxAttachmentBytes: 1024 * 1024 },
      ),
    ).rejects.toThrow(/at "two\.bin"/);
  });

  it("requires a body and a valid recipient", async () => {
    await expect(composeMessage({ from: "a@example.com", to: "b@example.com", subject: "x" })).rejects.toThrow(/text or an html/);
    await expect(composeMessage({ ...base, to: "not-an-address" })).rejects.toThrow(/to: "not-an-address"/);
  });
});
