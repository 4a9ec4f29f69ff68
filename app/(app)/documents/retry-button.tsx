"use client";

import { InlineAction } from "@/components/ui/inline-action";
import { reprocessDocumentAction } from "@/lib/actions/invoices";

export function RetryButton({ documentId }: { documentId: string }) {
  return <InlineAction label="Retry" run={() => reprocessDocumentAction({ documentId })} />;
}
