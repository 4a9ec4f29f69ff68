import { describe, expect, it } from "vitest";
import { REUSE_MS, sessionHeaderFor, signSessionHeader, verifySessionHeader } from "./verified-session";

const secret = "test-secret-0123456789abcdefghijklmnopqrstuvwxyz";
const user = { id: "u_123", email: "zoë@example.test", name: "Zoë Ñandú" };

describe("session header from middleware", () => {
  it("reads back the user it was signed for, names in any script included", async () => {
    const value = await signSessionHeader(user, secret);
    expect(value).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(await verifySessionHeader(value, secret)).toEqual(user);
    expect(await verifySessionHeader(await signSessionHeader({ id: "u_1", email: null, name: null }, secret), secret)).toEqual({
      id: "u_1",
      email: null,
      name: null,
    });
  });

  it("refuses a value signed with another secret", async () => {
    const value = await signSessionHeader(user, "another-secret-entirely-0123456789");
    expect(await verifySessionHeader(value, secret)).toBeNull();
  });

  it("refuses claims changed after signing: another user id with the original signature", async () => {
    const value = await signSessionHeader(user, secret);
    const [, mac] = value.split(".");
    const forged = Buffer.from(JSON.stringify({ ...user, id: "u_admin", t: Date.now() })).toString("base64url");
    expect(await verifySessionHeader(`${forged}.${mac}`, secret)).toBeNull();
    // one flipped character of the signature
    const last = value.at(-2) === "A" ? "B" : "A";
    expect(await verifySessionHeader(value.slice(0, -2) + last + value.at(-1), secret)).toBeNull();
  });

  it("refuses a stale value (older than a minute) and one from the future", async () => {
    const now = Date.now();
    const old = await signSessionHeader(user, secret, now - 61_000);
    expect(await verifySessionHeader(old, secret, now)).toBeNull();
    expect(await verifySessionHeader(await signSessionHeader(user, secret, now - 59_000), secret, now)).toEqual(user);
    expect(await verifySessionHeader(await signSessionHeader(user, secret, now + 60_000), secret, now)).toBeNull();
  });

  it("refuses malformed values and an empty secret", async () => {
    const value = await signSessionHeader(user, secret);
    for (const bad of [null, undefined, "", ".", "abc", `${value}.x`, `!!!.${value.split(".")[1]}`, `${value.split(".")[0]}.`]) {
      expect(await verifySessionHeader(bad, secret), String(bad)).toBeNull();
    }
    expect(await verifySessionHeader(value, "")).toBeNull();
  });

  it("refuses signed claims without a user id", async () => {
    expect(await verifySessionHeader(await signSessionHeader({ id: "", email: "a@b.c", name: null }, secret), secret)).toBeNull();
  });

  it("middleware re-uses a user's header for a few seconds, never past REUSE_MS, and never another user's", async () => {
    const t0 = Date.now();
    const first = await sessionHeaderFor(user, secret, t0);
    expect(await sessionHeaderFor(user, secret, t0 + REUSE_MS - 1)).toBe(first);
    // still valid when read at the end of the re-use window
    expect(await verifySessionHeader(first, secret, t0 + REUSE_MS - 1)).toEqual(user);
    const later = await sessionHeaderFor(user, secret, t0 + REUSE_MS);
    expect(later).not.toBe(first);
    expect(await verifySessionHeader(later, secret, t0 + REUSE_MS)).toEqual(user);
    // another user, the same user renamed, or another secret: a header of their own
    const other = await sessionHeaderFor({ ...user, id: "u_456" }, secret, t0 + REUSE_MS);
    expect(await verifySessionHeader(other, secret, t0 + REUSE_MS)).toEqual({ ...user, id: "u_456" });
    const renamed = await sessionHeaderFor({ ...user, name: "Zoë" }, secret, t0 + REUSE_MS);
    expect(await verifySessionHeader(renamed, secret, t0 + REUSE_MS)).toEqual({ ...user, name: "Zoë" });
    expect(await verifySessionHeader(await sessionHeaderFor(user, "another-secret-entirely-0123456789", t0 + REUSE_MS), secret, t0 + REUSE_MS)).toBeNull();
  });

  it("a value that verified once still goes stale after a minute", async () => {
    const now = Date.now();
    const value = await signSessionHeader(user, secret, now);
    expect(await verifySessionHeader(value, secret, now)).toEqual(user);
    expect(await verifySessionHeader(value, secret, now + 61_000)).toBeNull();
    expect(await verifySessionHeader(value, "another-secret-entirely-0123456789", now)).toBeNull();
  });
});
