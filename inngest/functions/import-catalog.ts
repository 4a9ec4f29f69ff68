import { setCatalogEmbeddingState } from "@/db/queries/catalog-vectors";
import { setCatalogImportState } from "@/db/queries/insurance/catalogs";
import { inngest } from "@/inngest/client";
import { appEvent, catalogUploaded } from "@/inngest/events";
import { runCatalogImport } from "@/services/insurance/import-catalog";
import { matchCaseDeps, type MatchCaseDeps } from "@/services/insurance/match-deps";

// Imports an insurer's catalog file: parse (CSV/XLSX, codes kept as text) → store the entries in batches of
// 1,000 with progress after each → keep the row-level errors on the catalog. The import is one step: the
// parsed file is never carried between steps, and a retried step replaces whatever a failed attempt stored.
// With OpenAI on, a successful import then asks embed-catalog for the catalog's embeddings.

export function createImportCatalogFunction(deps: () => Promise<MatchCaseDeps>) {
  return inngest.createFunction(
    {
      id: "import-catalog",
      name: "Import insurer catalog",
      retries: 2,
      triggers: [catalogUploaded],
      concurrency: { limit: 1, key: "event.data.catalogId" },
      onFailure: async ({ error, event, step }) => {
        const { workspaceId, catalogId } = event.data.event.data as { workspaceId: string; catalogId: string };
        await step.run("mark-failed", async () =>
          setCatalogImportState((await deps()).db, { workspaceId, catalogId, state: "failed", error: `Import failed: ${error.message}` }),
        );
      },
    },
    async ({ event, step }) => {
      const { workspaceId, catalogId } = event.data;
      const imported = await step.run("import-entries", async () => runCatalogImport(await deps(), { workspaceId, catalogId }));
      if ("failed" in imported || "skipped" in imported) return imported;
      const queued = await step.run("queue-embedding", async () => {
        const d = await deps();
        if (!d.embedder) return false;
        await setCatalogEmbeddingState(d.db, { workspaceId, catalogId, state: "queued", model: d.embedder.model });
        return true;
      });
      if (queued) await step.sendEvent("embed-catalog", appEvent.catalogEmbedRequested({ workspaceId, id: catalogId }, { after: "import" }));
      return { ...imported, embeddings: queued };
    },
  );
}

export const importCatalog = createImportCatalogFunction(matchCaseDeps);
