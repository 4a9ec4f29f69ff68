import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { inject } from "vitest";

// Calls a server action the way the browser's React runtime does — POST with a `Next-Action` header
// naming the action's id — from inside a signed-in page, so cookies and Origin are the user's own.
// This is how a person who edits the page (or writes a script) would call an action the UI hides,
// e.g. a viewer inviting someone: the server must refuse it on its own.

interface ManifestEntry {
  filename?: string;
  exportedName?: string;
}

let manifest: Record<string, ManifestEntry> | undefined;

/** The id Next gave the exported action `exportedName` of `file` (e.g. "lib/actions/workspace.ts") in this build. */
export function serverActionId(file: string, exportedName: string): string {
  if (!manifest) {
    const raw = readFileSync(path.join(inject("appDir"), ".next/server/server-reference-manifest.json"), "utf8");
    manifest = (JSON.parse(raw) as { node: Record<string, ManifestEntry> }).node;
  }
  const found = Object.entries(manifest).find(([, e]) => e.filename === file && e.exportedName === exportedName);
  if (!found) throw new Error(`No server action ${exportedName} from ${file} in .next/server/server-reference-manifest.json (is the build current?)`);
  return found[0];
}

/**
 * Invoke an action with one argument from `page` (which must be on a Docket page) and return what it returned.
 * Docket's actions return `{ ok: true, data } | { ok: false, error, code }`.
 */
export async function callServerAction<T = unknown>(page: Page, file: string, exportedName: string, arg: unknown): Promise<{ status: number; result: T }> {
  const id = serverActionId(file, exportedName);
  const { status, body } = await page.evaluate(
    async ({ id, arg }) => {
      const r = await fetch(location.pathname, {
        method: "POST",
        headers: { "Next-Action": id, Accept: "text/x-component", "Content-Type": "text/plain;charset=UTF-8" },
        body: JSON.stringify([arg]),
      });
      return { status: r.status, body: await r.text() };
    },
    { id, arg },
  );
  // The response is a React Flight stream: one "<row id>:<json>" per line; the action's return value is
  // the row that carries Docket's Result shape.
  for (const line of body.split("\n")) {
    const m = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!m) continue;
    try {
      const value = JSON.parse(m[1]) as Record<string, unknown>;
      if ("ok" in value) return { status, result: value as T };
    } catch {
      // not JSON (another row type)
    }
  }
  throw new Error(`Server action ${exportedName} answered HTTP ${status} without a result. Body:\n${body.slice(0, 2000)}`);
}
