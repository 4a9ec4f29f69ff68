import type { Db } from "@/db/client";
import { updateInvoiceField } from "@/db/queries/invoices/review";
import type { InvoiceField } from "@/db/schema";
import { getBlobStore } from "@/lib/blob";
import { UserError } from "@/lib/errors";
import { checkInvoice } from "@/lib/invoice-checks";
import { learnFromCorrection } from "./learn-from-correction";

/**
 * A reviewer's edit of one header field: saved and audited, checks re-run, and the vendor's layout learned from it.
 * `seen` (the value the reviewer's page showed) refuses an edit that would write over someone else's meanwhile.
 */
export async function correctInvoiceField(
  db: Db,
  q: { workspaceId: string; actorId: string; id: string; field: InvoiceField; value: string | null; seen?: string | null },
) {
  const r = await updateInvoiceField(db, { ...q, validate: checkInvoice });
  if (!r.changed) return r;
  // A correction teaches the vendor's layout; learning must never cost the edit itself: it runs in a transaction of its
  // own (a savepoint when the edit's action runs in one), so a failed write of it leaves the edit standing.
  const blobs = await getBlobStore();
  const learn = await db
    .transaction((tx) => learnFromCorrection({ db: tx as unknown as Db, blobs }, { workspaceId: q.workspaceId, actorId: q.actorId, invoiceId: q.id, field: q.field, value: q.value }))
    .catch((e: unknown) => ({ learned: false, message: `Not learned: ${learnFailure(e)}` }));
  return { ...r, learn };
}

/** A person reads this beside their saved edit: a UserError's own words, never a failed query's SQL and parameters. */
function learnFailure(e: unknown): string {
  if (e instanceof UserError) return e.message;
  console.error("[learn from correction]", e);
  return "the vendor's layout could not be saved (your edit is saved). Edit the field again later to teach it.";
}
