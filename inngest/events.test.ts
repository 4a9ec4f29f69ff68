import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appEvent, appEvents } from "./events";

// Events have one home: declared with their schema in inngest/events.ts, built only by their appEvent builder
// (which fixes the deterministic id), sent by app code only through inngest/send.ts.

const root = process.cwd();
const SOURCE_DIRS = ["app", "lib", "services", "inngest", "db", "components", "scripts"];

/** The file's code without its comments (which may well mention inngest.send()). */
function code(file: string): string {
  return fs.readFileSync(path.join(root, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !/testing/.test(rel)) out.push(rel);
  }
  return out;
}

describe("events", () => {
  const files = SOURCE_DIRS.flatMap(sourceFiles);
  const typeNames = Object.keys(appEvents);

  it("are built only by their builders in inngest/events.ts", () => {
    const create = new RegExp(`\\b(${typeNames.join("|")})\\.create\\(`);
    const offenders = files.filter((f) => f !== "inngest/events.ts" && create.test(code(f)));
    expect(offenders, "build events with appEvent.<name>(…) from inngest/events.ts").toEqual([]);
    expect(files.length).toBeGreaterThan(200);
  });

  it("are sent by app code only through inngest/send.ts (functions use step.sendEvent)", () => {
    const offenders = files.filter((f) => f !== "inngest/send.ts" && /\binngest\.send\(/.test(code(f)));
    expect(offenders, "send with sendEvents(appEvent.<name>(…)) from inngest/send.ts").toEqual([]);
  });

  it("get the same id for the same cause and another for another cause", () => {
    const doc = { workspaceId: "w", documentId: "d" };
    expect(appEvent.documentUploaded({ ...doc, attempts: 0 }).id).toBe("document-uploaded-d-first");
    expect(appEvent.documentUploaded({ ...doc, attempts: 2 }).id).toBe("document-uploaded-d-retry-2");
    const at = new Date("2026-01-02T03:04:05Z");
    const ids = [
      appEvent.documentIndexRequested(doc, { after: "read", readEventId: "e1" }).id,
      appEvent.documentIndexRequested(doc, { after: "backlog" }).id,
      appEvent.documentIndexRequested(doc, { after: "request", requestedAt: at }).id,
    ];
    expect(new Set(ids).size).toBe(3);
    expect(appEvent.documentIndexRequested(doc, { after: "request", requestedAt: new Date(at) }).id).toBe(ids[2]);
    const c = { workspaceId: "w", id: "c", runGeneration: 3, generation: 3 };
    expect(appEvent.campaignStarted(c).id).toBe(appEvent.campaignStarted({ ...c }).id);
    expect(appEvent.campaignStarted({ ...c, runGeneration: 4 }).id).not.toBe(appEvent.campaignStarted(c).id);
    expect(appEvent.campaignPaused(c).data).toEqual({ workspaceId: "w", campaignId: "c", action: "pause" });
    expect(appEvent.caseCreated(c).id).toBe("case-match-c-3");
    expect(appEvent.mailboxPoll({ workspaceId: "w", id: "m" }, { after: "schedule", minute: "2026-01-02T03:04" }).id).toBe("mailbox-poll-m-2026-01-02T03:04");
  });

  it("carry the data their schema declares (validated before anything leaves the process)", async () => {
    await expect(appEvent.caseCreated({ workspaceId: "", id: "c", generation: 1 }).validate()).rejects.toThrow();
    await expect(appEvent.caseCreated({ workspaceId: "w", id: "c", generation: 1 }).validate()).resolves.toBeUndefined();
  });
});
