import { AutoRefresh } from "@/components/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listCatalogs, listInsurers } from "@/db/queries/insurance";
import { requirePageContext } from "@/lib/auth/session";
import { InsuranceNav } from "../insurance-nav";
import { ActivateCatalogButton, CreateInsurerForm, UploadCatalogForm } from "./catalog-forms";
import { TemplateEditor } from "./template-editor";

export const metadata = { title: "Insurers & catalogs" };

const stateTone = { queued: "gray", importing: "blue", imported: "green", failed: "red" } as const;
const statusTone = { draft: "gray", active: "green", archived: "gray" } as const;

export default async function CatalogsPage() {
  const ctx = await requirePageContext();
  const db = await getDb();
  const [insurers, catalogs] = await Promise.all([listInsurers(db, { workspaceId: ctx.workspaceId }), listCatalogs(db, { workspaceId: ctx.workspaceId })]);
  const isAdmin = ctx.role === "admin" || ctx.role === "owner";
  const working = catalogs.some((c) => c.importState === "queued" || c.importState === "importing");
  return (
    <>
      <PageHeader title="Insurance" description="Each insurer has versioned vehicle catalogs (one active) and its quote file layout." actions={<AutoRefresh active={working} ms={1000} />} />
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
