import { LiveProgress } from "@/components/live-progress/live-progress";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listCatalogs } from "@/db/queries/insurance/catalogs";
import { listInsurers } from "@/db/queries/insurance/insurers";
import { requirePageContext } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { embedderFromEnv } from "@/lib/insurance/embeddings";
import { InsuranceNav } from "../insurance-nav";
import { ActivateCatalogButton, BuildEmbeddingsButton, CreateInsurerForm, UploadCatalogForm } from "./catalog-forms";
import { TemplateEditor } from "./template-editor";

export const metadata = { title: "Insurers & catalogs" };

const stateTone = { queued: "gray", importing: "blue", imported: "green", failed: "red" } as const;
const statusTone = { draft: "gray", active: "green", archived: "gray" } as const;
const embeddingTone = { none: "gray", queued: "gray", embedding: "blue", ready: "green", failed: "red" } as const;

export default async function CatalogsPage() {
  const renderedAt = Date.now();
  const ctx = await requirePageContext();
  const db = await getDb();
  const [insurers, catalogs] = await Promise.all([listInsurers(db, { workspaceId: ctx.workspaceId }), listCatalogs(db, { workspaceId: ctx.workspaceId })]);
  const isAdmin = ctx.role === "admin" || ctx.role === "owner";
  const embeddingModel = embedderFromEnv(env())?.model ?? null;
  const working = catalogs.some((c) => c.importState === "queued" || c.importState === "importing" || c.embeddingState === "queued" || c.embeddingState === "embedding");
  return (
    <>
      <PageHeader title="Insurance" description="Each insurer has versioned vehicle catalogs (one active) and its quote file layout." actions={<LiveProgress kinds={["catalog"]} active={working} ms={1000} since={renderedAt} />} />
      <InsuranceNav />
      {isAdmin && (
        <Card title="Add an insurer" className="mb-6">
          <CreateInsurerForm />
        </Card>
      )}
      {insurers.length === 0 && <EmptyState title="No insurers yet">{isAdmin ? "Add the insurer you quote for, then upload its vehicle catalog." : "Ask a workspace admin to add an insurer and its catalog."}</EmptyState>}
      <div className="space-y-6">
        {insurers.map((ins) => {
          const versions = catalogs.filter((c) => c.insurerId === ins.id);
          return (
            <Card
              key={ins.id}
              title={ins.name}
              action={ins.activeCatalog ? <Badge tone="green">active: v{ins.activeCatalog.version} · {ins.activeCatalog.entries.toLocaleString("en")} entries</Badge> : <Badge tone="amber">no active catalog</Badge>}
            >
              {isAdmin && <UploadCatalogForm insurerId={ins.id} />}
              {versions.length > 0 && (
                <table className="mt-4 min-w-full text-sm" data-testid="catalog-versions">
                  <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                    <tr>
                      <th className="py-1 pr-3">Version</th>
                      <th className="py-1 pr-3">File</th>
                      <th className="py-1 pr-3">Import</th>
                      <th className="py-1 pr-3">Row errors</th>
                      <th className="py-1 pr-3" title="Embeddings of the catalog's version texts (OpenAI on): rows whose model the offline matcher does not recognise are looked up by meaning">
                        Lookup by meaning
                      </th>
                      <th className="py-1 pr-3">Status</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {versions.map((c) => (
                      <tr key={c.id} className="align-top">
                        <td className="py-1.5 pr-3 font-medium">v{c.version}</td>
                        <td className="py-1.5 pr-3">
                          {c.filename}
                          <p className="text-xs text-slate-500">{c.createdAt.toISOString().slice(0, 16).replace("T", " ")}</p>
                        </td>
                        <td className="py-1.5 pr-3">
                          <Badge tone={stateTone[c.importState]}>{c.importState}</Badge>{" "}
                          <span className="text-xs tabular-nums text-slate-600">
                            {c.importedRows.toLocaleString("en")} / {c.totalRows.toLocaleString("en")}
                            {c.importMs !== null ? ` in ${(c.importMs / 1000).toFixed(1)} s` : ""}
                          </span>
                          {c.importError && <p className="mt-1 max-w-md text-xs text-red-700">{c.importError}</p>}
                        </td>
                        <td className="py-1.5 pr-3">
                          {c.errorCount === 0 ? (
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
                          )}
                        </td>
                        <td className="py-1.5 pr-3" data-testid="catalog-embeddings">
                          <EmbeddingCell catalog={c} embeddingModel={embeddingModel} isAdmin={isAdmin} />
                        </td>
                        <td className="py-1.5 pr-3">
                          <Badge tone={statusTone[c.status]}>{c.status}</Badge>
                        </td>
                        <td className="py-1.5">{isAdmin && c.status !== "active" && c.importState === "imported" && c.importedRows > 0 && <ActivateCatalogButton catalogId={c.id} version={c.version} />}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {ins.template && (
                <details className="mt-4">
                  <summary className="cursor-pointer text-sm font-medium text-slate-800">
                    Quote file layout: sheet {ins.template.sheetName}, {ins.template.columns.length} columns
                  </summary>
                  <div className="mt-2">
                    <TemplateEditor insurerId={ins.id} name={ins.template.name} sheetName={ins.template.sheetName} columns={ins.template.columns} canEdit={isAdmin} />
                  </div>
                </details>
              )}
            </Card>
          );
        })}
      </div>
    </>
  );
}

type CatalogRow = Awaited<ReturnType<typeof listCatalogs>>[number];

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
