import { describe, expect, inject, it } from "vitest";
import { SESSION_HEADER, signSessionHeader } from "@/lib/auth/verified-session";
import { baseURL, newUser, setupBrowser, signInWithGoogle } from "../support/browser";

// Hardened headers on a real production build: a per-request CSP nonce on every script Next renders, no framing by
// any site, no MIME sniffing; the app still works under that policy (no violation while using it); metrics are
// off without their token.

const browser = setupBrowser();

describe("security headers", () => {
  it("pages carry a fresh CSP nonce that every script uses, forbid framing, and run without a single CSP violation", async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text())) violations.push(m.text());
    });
    await signInWithGoogle(page, newUser("Cora", "Secure"));
    const nonces = new Set<string>();
    for (const path of ["/", "/invoices", "/documents", "/insurance", "/campaigns", "/activity", "/settings"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      const h = res!.headers();
      const csp = h["content-security-policy"] ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      nonces.add(nonce!);
      expect(h["x-frame-options"]).toBe("DENY");
      expect(h["x-content-type-options"]).toBe("nosniff");
      expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      // every script element the server rendered carries this request's nonce
      const scripts = await page.evaluate(() => Array.from(document.querySelectorAll("script")).map((s) => s.nonce));
      expect(scripts.length, path).toBeGreaterThan(0);
      expect(scripts.every((n) => n === nonce), path).toBe(true);
      await page.waitForLoadState("networkidle");
    }
    expect(nonces.size).toBe(7);
    // client navigation still works under the policy
    await page.goto("/");
    await page.getByRole("link", { name: "Invoices" }).first().click();
    await page.waitForURL((u) => u.pathname === "/invoices");
    expect(violations).toEqual([]);
  });

  it("a session header sent by the client is never believed: middleware replaces it with the signed-in user's own", async () => {
    const page = await browser.newPage();
    const user = newUser("Vera", "Cookie");
    await signInWithGoogle(page, user);
    // Signed with the server's real secret, as if it had leaked: only middleware's replacement of it protects the page.
    const forged = await signSessionHeader({ id: "u-forged", email: "mallory@example.test", name: "Mallory Forged" }, inject("authSecret"));
    await page.setExtraHTTPHeaders({ [SESSION_HEADER]: forged });
    for (const path of ["/", "/invoices", "/settings"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      await expect.poll(() => page.locator("aside").innerText(), { timeout: 10_000 }).toContain(user.name);
      expect(await page.content(), path).not.toContain("Mallory Forged");
    }
    // without a session cookie the same header opens nothing
    const res = await fetch(`${baseURL()}/invoices`, { headers: { [SESSION_HEADER]: forged }, redirect: "manual" });
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toContain("/sign-in");
  });

  it("another site cannot frame Docket", async () => {
    const page = await browser.newPage();
    await page.setContent(`<iframe id="f" src="${baseURL()}/sign-in" width="800" height="600"></iframe>`);
    await page.waitForTimeout(1500);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const text = frame ? await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "") : "";
    expect(text).not.toContain("Sign in with Google");
  });

  it("robots are told to stay out, without signing in", async () => {
    const res = await fetch(`${baseURL()}/robots.txt`, { redirect: "manual" });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/Disallow: \//);
  });

  it("metrics are off without a configured token", async () => {
    const res = await fetch(`${baseURL()}/api/metrics`);
    expect(res.status).toBe(404);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
