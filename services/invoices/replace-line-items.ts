import type { Db } from "@/db/client";
import { replaceLineItems } from "@/db/queries/invoices/review";
import { type LineInput } from "@/db/queries/invoices/save-extraction";
import { UserError } from "@/lib/errors";
import { checkInvoice } from "@/lib/invoice-checks";

/**
 * Replace an invoice's line items as the reviewer edited them: every number checked (named by line), then saved and
 * re-checked. `seen` (the lines the reviewer's page showed) refuses a save that would drop someone else's change.
 */
export async function replaceInvoiceLines(db: Db, q: { workspaceId: string; actorId: string; id: string; lines: LineInput[]; seen?: LineInput[] }) {
  for (const [i, l] of q.lines.entries()) {
    for (const k of ["quantity", "unitPrice", "amount"] as const) {
      const v = l[k];
      if (v !== null && v !== "" && !Number.isFinite(Number(v))) throw new UserError(`Line ${i + 1}: ${k} "${v}" is not a number.`);
    }
  }
  return replaceLineItems(db, { ...q, validate: checkInvoice });
}
