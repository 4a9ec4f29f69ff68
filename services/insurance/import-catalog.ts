import { NonRetriableError } from "inngest";
import { getCatalog, importCatalogEntries, setCatalogImportState } from "@/db/queries/insurance/catalogs";
import { CatalogFormatError, parseCatalog } from "@/lib/insurance/catalog";
import { SpreadsheetError } from "@/lib/insurance/workbook";
import type { MatchCaseDeps } from "./match-deps";

/** Parse an insurer's catalog file and store its entries in batches, keeping row errors on the catalog (one step of inngest/functions/import-catalog.ts). */
export async function runCatalogImport(d: MatchCaseDeps, q: { workspaceId: string; catalogId: string }) {
  const started = Date.now();
  const c = await getCatalog(d.db, q);
  if (!c) throw new NonRetriableError(`Catalog ${q.catalogId} is gone.`);
  if (c.importState === "imported") return { entries: c.importedRows, errors: c.errorCount, skipped: true };
  await setCatalogImportState(d.db, { ...q, state: "importing" });
  const bytes = c.blobKey ? await d.blobs.read(c.blobKey) : null;
  if (!bytes) {
    await setCatalogImportState(d.db, { ...q, state: "failed", error: `The file ${c.filename} is missing from storage; upload it again.` });
    return { entries: 0, errors: 0, failed: true };
  }
  let parsed;
  try {
    parsed = await parseCatalog(new Uint8Array(bytes), c.filename);
  } catch (err) {
    if (err instanceof CatalogFormatError || err instanceof SpreadsheetError) {
      await setCatalogImportState(d.db, { ...q, state: "failed", error: err.message });
      return { entries: 0, errors: 0, failed: true };
    }
    throw err;
  }
  if (!parsed.entries.length) {
    await importCatalogEntries(d.db, { ...q, entries: [], errors: parsed.errors });
    const first = parsed.errors[0];
    await setCatalogImportState(d.db, {
      ...q,
      state: "failed",
      error: `${c.filename}: no usable rows${first ? ` (${parsed.errors.length} row error(s), first on row ${first.row}: ${first.message})` : ""}.`,
    });
    return { entries: 0, errors: parsed.errors.length, failed: true };
  }
  await importCatalogEntries(d.db, { ...q, entries: parsed.entries, errors: parsed.errors });
  await setCatalogImportState(d.db, { ...q, state: "imported", importMs: Date.now() - started });
  return { entries: parsed.entries.length, errors: parsed.errors.length };
}
