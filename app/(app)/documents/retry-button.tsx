"use client";

import { InlineAction } from "@/components/ui/inline-action";
import { readAsInvoiceAction, reprocessDocumentAction } from "@/lib/actions/invoices";

export function RetryButton({ documentId }: { documentId: string }) {
  return <InlineAction label="Retry" run={() => reprocessDocumentAction({ documentId })} />;
}

/** One click for anything the reader classed otherwise: read it again as an invoice (it goes to review). */
export function ReadAsInvoiceButton({ documentId }: { documentId: string }) {
  return <InlineAction label="Read as invoice" run={() => readAsInvoiceAction({ documentId })} />;
}
