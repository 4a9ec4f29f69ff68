"use client";

import { useRouter } from "next/navigation";
import { InlineAction } from "@/components/ui/inline-action";
import { createCaseFromDocumentAction } from "@/lib/actions/insurance";

/** A broker spreadsheet dropped with other files becomes an insurance case here, without uploading it again. */
export function OpenCaseButton({ documentId }: { documentId: string }) {
  const router = useRouter();
  return (
    <InlineAction
      label="Open as insurance case"
      busyLabel="Opening…"
      run={() => createCaseFromDocumentAction({ documentId })}
      onDone={(data) => router.push(`/insurance/cases/${(data as { cases: { id: string }[] }).cases[0].id}`)}
    />
  );
}
