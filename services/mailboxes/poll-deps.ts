import type { Db } from "@/db/client";
import type { BlobStore } from "@/lib/blob";
import { appSecretBox } from "@/lib/crypto/app-secret";
import { type SecretBox } from "@/lib/crypto/secrets";
import { startDocumentProcessing } from "@/services/documents/start-document-processing";
import { runtimeDeps } from "@/services/runtime";

export interface MailboxPollDeps {
  db: Db;
  blobs: BlobStore;
  box: SecretBox;
  now: () => number;
  /** Hands newly stored documents to background processing (default: services/documents/start-document-processing). */
  startProcessing: (docs: { id: string; workspaceId: string }[]) => Promise<void>;
  /** Connect/greeting budget for IMAP and request timeout for Graph. */
  timeoutMs?: number;
}

/** Production wiring (services/runtime.ts: the runner's database and clock when embedded, else the app's). */
export async function mailboxPollDeps(): Promise<MailboxPollDeps> {
  const { getBlobStore } = await import("@/lib/blob");
  return {
    ...(await runtimeDeps()),
    blobs: await getBlobStore(),
    box: appSecretBox(),
    startProcessing: startDocumentProcessing,
    timeoutMs: 30_000,
  };
}
