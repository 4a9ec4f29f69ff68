import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ActivityTable } from "./activity-table";
import { toAuditListRow, type AuditRow } from "./columns";

const event = (n: number): AuditRow => ({
  id: n,
  action: "invoice.approved",
  entityType: "invoice",
  entityId: `inv-${n}`,
  actorType: "user",
  actorId: "u1",
  actorEmail: "ana@example.test",
  actorName: "Ana",
  before: { status: "ready" },
  after: { status: "approved", note: `secret-note-${n}` },
  at: new Date("2026-12-06T10:00:00Z"),
});

describe("activity log (rows rendered in the browser)", () => {
  it("the server's HTML has the headers and the first screenful of events, and says how many more are coming", () => {
    const html = renderToString(createElement(ActivityTable, { rows: Array.from({ length: 12 }, (_, i) => toAuditListRow(event(i + 1))), showRaw: true }));
    expect(html).toContain("When (UTC)");
    expect(html.match(/data-testid="audit-row"/g)).toHaveLength(8);
    expect(html).toContain("secret-note-8");
    expect(html).not.toContain("secret-note-9");
    expect(html).toContain("Loading 4 more rows…");
    expect(html).toContain('style="height:396px"'); // as tall as four events as an admin sees them
  });

  it("a short log is rendered whole on the server", () => {
    const html = renderToString(createElement(ActivityTable, { rows: [1, 2, 3].map((n) => toAuditListRow(event(n))), showRaw: false }));
    expect(html.match(/data-testid="audit-row"/g)).toHaveLength(3);
    expect(html).not.toContain("Loading");
  });

  it("no events: the empty state, not a placeholder", () => {
    const html = renderToString(createElement(ActivityTable, { rows: [], showRaw: false }));
    expect(html).toContain("No activity matches these filters.");
    expect(html).not.toContain("Loading");
  });

  it("sends the browser only what the log shows of an event", () => {
    expect(Object.keys(toAuditListRow(event(1))).sort()).toEqual(["action", "actorEmail", "actorType", "after", "at", "before", "entityId", "entityType", "id"]);
  });
});
