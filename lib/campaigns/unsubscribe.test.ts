import { describe, expect, it } from "vitest";
import { signUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from "./unsubscribe";

const SECRET = "s3cret-s3cret-s3cret-s3cret";
const payload = { workspaceId: "ws_1", email: "Bob@Acme.example", campaignId: "camp_7" };

describe("unsubscribe tokens", () => {
  it("round-trips and normalises the address; token is URL-safe", () => {
    const token = signUnsubscribeToken(payload, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(token, SECRET)).toEqual({
      ok: true,
      payload: { workspaceId: "ws_1", email: "bob@acme.example", campaignId: "camp_7" },
    });
    expect(unsubscribeUrl("https://d.example.com/", token)).toBe(`https://d.example.com/u/${token}`);
  });

  it("rejects a token signed with another secret", () => {
    const token = signUnsubscribeToken(payload, "another-secret-another-secret");
    expect(verifyUnsubscribeToken(token, SECRET)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects a payload swapped for another address (signature no longer matches)", () => {
    const token = signUnsubscribeToken(payload, SECRET);
    const [, sig] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ w: "ws_1", e: "victim@acme.example", c: "camp_7" })).toString("base64url");
    expect(verifyUnsubscribeToken(`${forged}.${sig}`, SECRET)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects every single-character change of the token", () => {
    const token = signUnsubscribeToken(payload, SECRET);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let accepted = 0;
    for (let i = 0; i < token.length; i++) {
      if (token[i] === ".") continue;
      const c = alphabet[(alphabet.indexOf(token[i]) + 1) % alphabet.length];
      const mutated = token.slice(0, i) + c + token.slice(i + 1);
      if (verifyUnsubscribeToken(mutated, SECRET).ok) accepted++;
    }
    expect(accepted).toBe(0);
  });

  it("rejects malformed input without throwing", () => {
    for (const bad of ["", "abc", "a.b.c", "x".repeat(5000), `${"a".repeat(10)}.${"b".repeat(42)}`]) {
      expect(verifyUnsubscribeToken(bad, SECRET).ok).toBe(false);
    }
  });

  it("accepts tokens from a previous secret during a key rotation", () => {
    const old = signUnsubscribeToken(payload, "old-secret-old-secret-old");
    expect(verifyUnsubscribeToken(old, [SECRET, "old-secret-old-secret-old"]).ok).toBe(true);
  });

  it("refuses short secrets and missing fields", () => {
    expect(() => signUnsubscribeToken(payload, "short")).toThrow(/at least 16/);
    expect(() => signUnsubscribeToken({ ...payload, campaignId: " " }, SECRET)).toThrow(/campaignId is required/);
  });
});
