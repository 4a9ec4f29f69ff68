"use client";

import { Badge } from "@/components/ui/badge";
import { InlineAction } from "@/components/ui/inline-action";
import { reindexDocumentAction } from "@/lib/actions/documents";

/** A document's search index state: pages done of total while indexing; the reason and Re-index when it failed. */
export function IndexState(p: { documentId: string; state: string | null; pages: number | null; done: number | null; error: string | null; canReindex: boolean }) {
  const label =
    p.state === "indexed" ? <Badge tone="green">indexed</Badge>
    : p.state === "indexing" ? <Badge tone="blue">indexing {p.done ?? 0}/{p.pages ?? "?"} pages</Badge>
    : p.state === "failed" ? <Badge tone="red">index failed</Badge>
    : p.state === "pending" ? <Badge tone="gray">waiting to index</Badge>
    : <Badge tone="gray">not indexed yet</Badge>;
  return (
    <div data-testid="index-state" data-state={p.state ?? "none"}>
      {label}
      {p.error && <p className="text-xs text-red-700">{p.error}</p>}
      {p.canReindex && p.state !== "indexing" && (
        <div>
          <InlineAction label="Re-index" busyLabel="Queued…" run={() => reindexDocumentAction({ documentId: p.documentId })} />
        </div>
      )}
    </div>
  );
}
