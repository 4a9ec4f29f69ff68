import type { Column } from "@/components/data-table/static-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import type { listCatalogs } from "@/db/queries/insurance/catalogs";
import type { QuoteColumn } from "@/lib/insurance/export";
import { ActivateCatalogButton, BuildEmbeddingsButton } from "./catalog-forms";

const stateTone = { queued: "gray", importing: "blue", imported: "green", failed: "red" } as const;
const statusTone = { draft: "gray", active: "green", archived: "gray" } as const;
const embeddingTone = { none: "gray", queued: "gray", embedding: "blue", ready: "green", failed: "red" } as const;

export type CatalogRow = Awaited<ReturnType<typeof listCatalogs>>[number];

function EmbeddingCell({ catalog: c, embeddingModel, isAdmin }: { catalog: CatalogRow; embeddingModel: string | null; isAdmin: boolean }) {
  const stale = c.embeddingState === "ready" && c.embeddingModel !== embeddingModel;
  const canBuild = isAdmin && embeddingModel !== null && c.importState === "imported" && (c.embeddingState === "none" || c.embeddingState === "failed" || stale);
  if (c.embeddingState === "none" && !embeddingModel) return <span className="text-xs text-slate-500">off (needs OpenAI)</span>;
  return (
    <div className="space-y-1">
      {c.embeddingState !== "none" && (
        <p>
          <Badge tone={stale ? "amber" : embeddingTone[c.embeddingState]}>{stale ? "other model" : c.embeddingState}</Badge>{" "}
          <span className="text-xs tabular-nums text-slate-600">
            {c.embeddingDone.toLocaleString("en")} / {c.embeddingTotal.toLocaleString("en")} texts
          </span>
        </p>
      )}
      {c.embeddingModel && <p className="text-xs text-slate-500">{c.embeddingModel}{stale && embeddingModel ? ` (now set: ${embeddingModel}; not used until rebuilt)` : ""}</p>}
      {c.embeddingError && <p className="max-w-xs text-xs text-red-700">{c.embeddingError}</p>}
      {canBuild && <BuildEmbeddingsButton catalogId={c.id} rebuild={c.embeddingState !== "none"} />}
    </div>
  );
}

/** One insurer's catalog versions. `embeddingModel`: the model set now (null: OpenAI off); admins activate and build. */
export function catalogColumns({ embeddingModel, isAdmin }: { embeddingModel: string | null; isAdmin: boolean }): Column<CatalogRow>[] {
  return [
    { id: "version", header: "Version", meta: { className: "font-medium" }, cell: ({ row }) => `v${row.original.version}` },
    {
      id: "file",
      header: "File",
      cell: ({ row: { original: c } }) => (
        <>
          {c.filename}
          <p className="text-xs text-slate-500">{c.createdAt.toISOString().slice(0, 16).replace("T", " ")}</p>
        </>
      ),
    },
    {
      id: "import",
      header: "Import",
      cell: ({ row: { original: c } }) => (
        <>
          <Badge tone={stateTone[c.importState]}>{c.importState}</Badge>{" "}
          <span className="text-xs tabular-nums text-slate-600">
            {c.importedRows.toLocaleString("en")} / {c.totalRows.toLocaleString("en")}
            {c.importMs !== null ? ` in ${(c.importMs / 1000).toFixed(1)} s` : ""}
          </span>
          {c.importError && <p className="mt-1 max-w-md text-xs text-red-700">{c.importError}</p>}
        </>
      ),
    },
    {
      id: "rowErrors",
      header: "Row errors",
      cell: ({ row: { original: c } }) =>
        c.errorCount === 0 ? (
          <span className="text-slate-500">none</span>
        ) : (
          <details>
            <summary className="cursor-pointer text-amber-800">{c.errorCount} row(s) skipped</summary>
            <ul className="mt-1 max-h-48 overflow-y-auto text-xs text-slate-700">
              {c.rowErrors.map((e) => (
                <li key={e.row}>
                  Row {e.row}: {e.message}
                </li>
              ))}
              {c.errorCount > c.rowErrors.length && <li>… and {c.errorCount - c.rowErrors.length} more</li>}
            </ul>
          </details>
        ),
    },
    {
      id: "embeddings",
      header: "Lookup by meaning",
      meta: {
        cellTestId: "catalog-embeddings",
        headerTitle: "Embeddings of the catalog's version texts (OpenAI on): rows whose model the offline matcher does not recognise are looked up by meaning",
      },
      cell: ({ row }) => <EmbeddingCell catalog={row.original} embeddingModel={embeddingModel} isAdmin={isAdmin} />,
    },
    { id: "status", header: "Status", cell: ({ row: { original: c } }) => <Badge tone={statusTone[c.status]}>{c.status}</Badge> },
    {
      id: "actions",
      header: "Actions",
      meta: { headerClassName: "sr-only" },
      cell: ({ row: { original: c } }) => isAdmin && c.status !== "active" && c.importState === "imported" && c.importedRows > 0 && <ActivateCatalogButton catalogId={c.id} version={c.version} />,
    },
  ];
}

const TYPES = ["text", "int", "float", "percent", "date"] as const;

/** The quote layout editor's lines: one per column of the quote file (header, source field, Excel type, default). */
export function templateColumns(o: {
  listId: string;
  canEdit: boolean;
  set: (i: number, patch: Partial<QuoteColumn>) => void;
  move: (i: number, by: number) => void;
  remove: (i: number) => void;
}): Column<QuoteColumn>[] {
  return [
    { id: "header", header: "Header", cell: ({ row: { original: c, index: i } }) => <Input aria-label="Header" value={c.header} disabled={!o.canEdit} onChange={(e) => o.set(i, { header: e.target.value })} /> },
    {
      id: "source",
      header: "Source",
      cell: ({ row: { original: c, index: i } }) => <Input aria-label="Source" list={o.listId} value={c.source} disabled={!o.canEdit} onChange={(e) => o.set(i, { source: e.target.value })} />,
    },
    {
      id: "type",
      header: "Type",
      cell: ({ row: { original: c, index: i } }) => (
        <Select aria-label="Type" value={c.type} disabled={!o.canEdit} onChange={(e) => o.set(i, { type: e.target.value as QuoteColumn["type"] })}>
          {TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </Select>
      ),
    },
    {
      id: "default",
      header: "Default",
      cell: ({ row: { original: c, index: i } }) => (
        <Input
          aria-label="Default"
          value={c.default === undefined ? "" : String(c.default)}
          disabled={!o.canEdit}
          onChange={(e) => o.set(i, { default: e.target.value === "" ? undefined : c.type === "text" || c.type === "date" ? e.target.value : Number(e.target.value) })}
        />
      ),
    },
    {
      id: "actions",
      header: "Actions",
      meta: { className: "whitespace-nowrap", headerClassName: "sr-only" },
      cell: ({ row: { index: i } }) =>
        o.canEdit && (
          <>
            <Button size="sm" variant="ghost" aria-label="Move up" onClick={() => o.move(i, -1)}>
              ↑
            </Button>
            <Button size="sm" variant="ghost" aria-label="Move down" onClick={() => o.move(i, 1)}>
              ↓
            </Button>
            <Button size="sm" variant="ghost" aria-label="Remove column" onClick={() => o.remove(i)}>
              ✕
            </Button>
          </>
        ),
    },
  ];
}
