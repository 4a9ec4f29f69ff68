import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, inject } from "vitest";

export const CHROMIUM = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** How long a single wait for the UI may take (2-core machine, production build, PGlite). */
export const UI_TIMEOUT = 30_000;

export const baseURL = () => inject("baseURL");
export const oidcIssuer = () => inject("oidcIssuer");

export interface TestUser {
  email: string;
  name: string;
}

/** A user no other test (or earlier run against the same server) has used: "Ana Lopez 3f9a" <ana.3f9a@example.test>. */
export function newUser(first: string, last: string): TestUser {
  const tag = randomBytes(3).toString("hex");
  return { email: `${first.toLowerCase()}.${last.toLowerCase()}.${tag}@example.test`, name: `${first} ${last} ${tag}` };
}

/**
 * One browser per spec file and a fresh context (cookies, storage) per signed-in user. Call at the top
 * of a spec file. Pages of a failed test are screenshotted into test-results/e2e-screenshots/ before their
 * contexts close.
 * Contexts made with `newPage()` inside a test are closed after that test; those made in `beforeAll`
 * live until the file ends.
 */
/**
 * Closing a context or the browser has been seen to hang in Chromium (once in CI, a context closed while its page
 * was mid-redirect to another origin never finished closing): give it 15 s, then go on — the process ends anyway.
 */
function bounded(closing: Promise<unknown> | undefined): Promise<void> {
  if (!closing) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      console.error("[e2e] closing a browser context took over 15 s; moving on");
      resolve();
    }, 15_000);
    closing.catch(() => undefined).finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export function setupBrowser() {
  let browser: Browser | undefined;
  const fileContexts: BrowserContext[] = [];
  let testContexts: BrowserContext[] = [];
  let inTest = false;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });

  beforeEach(() => {
    inTest = true;
  });

  afterEach(async ({ task }) => {
    inTest = false;
    if (task.result?.state === "fail") {
      const dir = path.join(inject("resultsDir"), "e2e-screenshots");
      mkdirSync(dir, { recursive: true });
      const slug = `${task.file?.name ?? "spec"}-${task.name}`.replace(/[^\w.-]+/g, "_").slice(0, 150);
      let n = 0;
      for (const ctx of [...fileContexts, ...testContexts]) {
        for (const page of ctx.pages()) {
          const file = path.join(dir, `${slug}-${++n}.png`);
          await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
          console.error(`[e2e] screenshot of ${page.url()} → ${file}`);
        }
      }
    }
    await Promise.all(testContexts.map((c) => bounded(c.close())));
    testContexts = [];
  });

  afterAll(async () => {
    await bounded(browser?.close());
  });

  return {
    /** A new, empty browser context (a different person) with one page. */
    async newPage(): Promise<Page> {
      if (!browser) throw new Error("setupBrowser(): the browser is not running (call newPage from a hook or a test).");
      const context = await browser.newContext({ baseURL: baseURL(), viewport: { width: 1366, height: 900 }, acceptDownloads: false });
      context.setDefaultTimeout(UI_TIMEOUT);
      context.setDefaultNavigationTimeout(60_000);
      (inTest ? testContexts : fileContexts).push(context);
      return context.newPage();
    },
  };
}

/**
 * Sign in through "Sign in with Google": Docket redirects to the local OpenID provider, the user types
 * their email on its login page, allows access on its consent page, and is sent back to Docket's
 * callback, which lands on `expectPath` (the dashboard by default).
 */
export async function signInWithGoogle(page: Page, user: TestUser, opts: { from?: string; expectPath?: string } = {}) {
  const issuer = oidcIssuer();
  await page.goto(opts.from ?? "/sign-in");
  await page.getByRole("button", { name: "Sign in with Google" }).click();
  await page.waitForURL((u) => u.origin === issuer && u.pathname.startsWith("/interaction/"));
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Name (optional)").fill(user.name);
  const expected = opts.expectPath ?? "/";
  const landed = page.waitForURL((u) => u.origin === baseURL() && u.pathname === expected);
  const allow = page.getByRole("button", { name: "Allow" });
  await page.getByRole("button", { name: "Next" }).click();
  // The provider asks for consent once per person and client (as Google does); later sign-ins skip it.
  const next = await Promise.race([allow.waitFor().then(() => "consent" as const, () => "none" as const), landed.then(() => "landed" as const)]);
  if (next === "consent") await allow.click();
  await landed;
}

/** The visible text of the page's main heading. */
export async function heading(page: Page): Promise<string> {
  return (await page.getByRole("heading", { level: 1 }).first().innerText()).trim();
}

/** The option labels of the workspace switcher, e.g. ["Ana Lopez 3f9a's workspace (owner)"]. */
export async function switcherOptions(page: Page): Promise<string[]> {
  const select = page.locator("#workspace-switcher");
  await select.waitFor();
  return (await select.locator("option").allInnerTexts()).map((s) => s.trim());
}

/** The selected option of the workspace switcher. */
export async function currentWorkspace(page: Page): Promise<{ id: string; label: string }> {
  const select = page.locator("#workspace-switcher");
  await select.waitFor();
  return select.evaluate((el: HTMLSelectElement) => ({ id: el.value, label: el.selectedOptions[0]?.textContent?.trim() ?? "" }));
}

/** How far the page is wider than the window, in px (0 when it fits): what a person would have to scroll sideways. */
export function windowOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
