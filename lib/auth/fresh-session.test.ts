import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { readFreshSession, REISSUE_AFTER_S, sessionCookieName } from "./fresh-session";

const secret = "test-secret-0123456789abcdefghijklmnopqrstuvwxyz";
const name = "authjs.session-token";
const claims = { sub: "u_123", email: "zoë@example.test", name: "Zoë" };
const cookie = async (o: { maxAge?: number; salt?: string; key?: string } = {}) => ({
  name,
  value: await encode({ token: claims, secret: o.key ?? secret, salt: o.salt ?? name, maxAge: o.maxAge ?? 30 * 24 * 3600 }),
});

describe("middleware's fresh session", () => {
  it("reads the user of a session cookie Auth.js issued, with its expiry", async () => {
    const s = await readFreshSession([await cookie(), { name: "docket_ws", value: "w1" }], { cookieName: name, secret });
    expect(s?.user).toEqual({ id: "u_123", email: "zoë@example.test", name: "Zoë", image: null });
    expect(Date.parse(s!.expires) - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
  });

  it("leaves a session issued a day ago or more to Auth.js, which re-issues it", async () => {
    const c = [await cookie()];
    const later = (s: number) => Date.now() + s * 1000;
    expect(await readFreshSession(c, { cookieName: name, secret, now: later(REISSUE_AFTER_S - 60) })).not.toBeNull();
    expect(await readFreshSession(c, { cookieName: name, secret, now: later(REISSUE_AFTER_S) })).toBeNull();
    expect(await readFreshSession(c, { cookieName: name, secret, now: later(40 * 24 * 3600) })).toBeNull();
    // read again (now from the decoded cache): still accepted while fresh, still refused once due
    expect((await readFreshSession(c, { cookieName: name, secret }))?.user.id).toBe("u_123");
    expect(await readFreshSession(c, { cookieName: name, secret, now: later(REISSUE_AFTER_S) })).toBeNull();
    // the cache is per secret and salt: the same cookie under another secret or name is still refused
    expect(await readFreshSession(c, { cookieName: name, secret: "another-secret-entirely-0123456789abcdef" })).toBeNull();
  });

  it("refuses an expired session, another secret, another cookie name's salt, a chunked or doubled cookie", async () => {
    expect(await readFreshSession([await cookie({ maxAge: -60 })], { cookieName: name, secret })).toBeNull();
    expect(await readFreshSession([await cookie({ key: "another-secret-entirely-0123456789abcdef" })], { cookieName: name, secret })).toBeNull();
    expect(await readFreshSession([await cookie({ salt: `__Secure-${name}` })], { cookieName: name, secret })).toBeNull();
    const { value } = await cookie();
    const chunks = [
      { name: `${name}.0`, value: value.slice(0, 100) },
      { name: `${name}.1`, value: value.slice(100) },
    ];
    expect(await readFreshSession(chunks, { cookieName: name, secret })).toBeNull();
    expect(await readFreshSession([{ name, value }, { name: `${name}.0`, value }], { cookieName: name, secret })).toBeNull();
    expect(await readFreshSession([{ name, value: "garbage" }], { cookieName: name, secret })).toBeNull();
    expect(await readFreshSession([], { cookieName: name, secret })).toBeNull();
    expect(await readFreshSession([{ name, value }], { cookieName: name, secret: undefined })).toBeNull();
  });

  it("names the cookie as Auth.js does: __Secure- on https", () => {
    expect(sessionCookieName({ authUrl: "https://docket.example", forwardedProto: "http" })).toBe(`__Secure-${name}`);
    expect(sessionCookieName({ authUrl: "http://127.0.0.1:3000", forwardedProto: "https" })).toBe(name);
    expect(sessionCookieName({ forwardedProto: "http" })).toBe(name);
    expect(sessionCookieName({ forwardedProto: "https" })).toBe(`__Secure-${name}`);
    expect(sessionCookieName({ forwardedProto: null })).toBe(`__Secure-${name}`);
  });
});
