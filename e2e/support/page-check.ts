import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page, Request } from "playwright-core";
import { caseStatuses, documentStatuses, invoiceFields, invoiceStatuses, runStatuses, sendAttemptStatuses } from "@/db/schema";
import { FLEET_FIELDS } from "@/lib/insurance/fields";

// What a person must never meet on a page: the main content wider than a laptop screen, the app's stored JSON,
// or its internal names (field keys, status enums, database ids) in visible text. Each page is checked at
// 1280×800 and 1440×900 and screenshotted into test-results/page-walk/ for a person to look at.

export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
] as const;

const SHOTS = path.join(process.cwd(), "test-results", "page-walk");

// Internal names taken from the code itself: multi-word keys and statuses as the database spells them.
const internal = new Set<string>(
  [...invoiceFields, ...FLEET_FIELDS, ...documentStatuses, ...invoiceStatuses, ...caseStatuses, ...runStatuses, ...sendAttemptStatuses, "minConfidence", "sourceId", "workspaceId"].filter(
    (n) => /[A-Z_]/.test(n),
  ),
);
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
const JSON_OBJECT = /\{\s*"[A-Za-z_]+"\s*:/;

export interface PageProblems {
  overflow: string[];
  rawJson: string[];
  internalNames: string[];
  ids: string[];
  /** Router prefetches the page set off: each is a request the server pays for and nothing shows (components/ui/link.tsx). */
  prefetches: string[];
}

/** Visible text of the main content, without form values a user typed and without <code>/<pre> the page shows on purpose. */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.querySelector("main") ?? document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const parts: string[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest("script,style,noscript,details:not([open]),[data-raw]")) continue;
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden") continue;
      parts.push(n.textContent ?? "");
    }
    return parts.join(" ");
  });
}

/** Horizontal overflow of the page or of the main column: something a person must scroll sideways to see. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.scrollingElement ?? document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) out.push(`page is ${doc.scrollWidth}px wide in a ${doc.clientWidth}px window`);
    const main = document.querySelector("main");
    if (main && main.scrollWidth > main.clientWidth + 1) out.push(`main content is ${main.scrollWidth}px wide in ${main.clientWidth}px`);
    // a table or panel that scrolls sideways hides columns just the same (e.g. a review table's confidence)
    for (const el of Array.from((main ?? document.body).querySelectorAll<HTMLElement>("*"))) {
      const ox = getComputedStyle(el).overflowX;
      if ((ox === "auto" || ox === "scroll") && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
        const label = el.getAttribute("data-testid") ?? el.querySelector("[data-testid]")?.getAttribute("data-testid") ?? el.tagName.toLowerCase();
        out.push(`${label} scrolls sideways: ${el.scrollWidth}px of content in ${el.clientWidth}px`);
      }
    }
    return out;
  });
}

export async function pageProblems(page: Page): Promise<PageProblems> {
  const text = await visibleText(page);
  const words = new Set(text.split(/[^A-Za-z_]+/).filter(Boolean));
  return {
    overflow: await overflow(page),
    rawJson: JSON_OBJECT.test(text) ? [text.slice(Math.max(0, text.search(JSON_OBJECT) - 40), text.search(JSON_OBJECT) + 80)] : [],
    internalNames: [...words].filter((w) => internal.has(w)),
    ids: text.match(new RegExp(UUID, "gi")) ?? [],
    prefetches: [],
  };
}

/** Loads `url` at each viewport, screenshots it, and returns what is wrong (empty arrays when nothing is). */
export async function walkPage(page: Page, name: string, url: string | null): Promise<Record<string, PageProblems>> {
  mkdirSync(SHOTS, { recursive: true });
  const found: Record<string, PageProblems> = {};
  for (const v of VIEWPORTS) {
    const prefetches: string[] = [];
    const onRequest = (r: Request) => {
      if (r.headers()["next-router-prefetch"]) prefetches.push(new URL(r.url()).pathname);
    };
    page.on("request", onRequest);
    try {
      await page.setViewportSize(v);
      if (url) await page.goto(url);
      await page.waitForLoadState("networkidle").catch(() => undefined);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${v.width}x${v.height}.png`), fullPage: true });
      found[`${v.width}x${v.height}`] = { ...(await pageProblems(page)), prefetches };
    } finally {
      page.off("request", onRequest);
    }
  }
  return found;
}

/** Only the viewports that had a problem, for a readable failure message. */
export function problemsOnly(found: Record<string, PageProblems>): Record<string, Partial<PageProblems>> {
  const out: Record<string, Partial<PageProblems>> = {};
  for (const [vp, p] of Object.entries(found)) {
    const bad = Object.fromEntries(Object.entries(p).filter(([, list]) => list.length > 0));
    if (Object.keys(bad).length) out[vp] = bad;
  }
  return out;
}
