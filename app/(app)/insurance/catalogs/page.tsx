import { StaticTable } from "@/components/data-table/static-table";
import { LiveProgress } from "@/components/live-progress/live-progress";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listCatalogs } from "@/db/queries/insurance/catalogs";
import { listInsurers } from "@/db/queries/insurance/insurers";
import { requirePageContext } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { embedderFromEnv } from "@/lib/insurance/embeddings";
import { quoteFileTemplate } from "@/lib/insurance/export";
import { InsuranceNav } from "../insurance-nav";
import { CreateInsurerForm, UploadCatalogForm } from "./catalog-forms";
import { catalogColumns } from "./columns";
import { TemplateEditor } from "./template-editor";

export const metadata = { title: "Insurers & catalogs" };

export default async function CatalogsPage() {
  const renderedAt = Date.now();
  const ctx = await requirePageContext();
  const db = await getDb();
  const [insurers, catalogs] = await Promise.all([listInsurers(db, { workspaceId: ctx.workspaceId }), listCatalogs(db, { workspaceId: ctx.workspaceId })]);
  const isAdmin = ctx.role === "admin" || ctx.role === "owner";
  const embeddingModel = embedderFromEnv(env())?.model ?? null;
  const columns = catalogColumns({ embeddingModel, isAdmin });
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
              {versions.length > 0 && <StaticTable className="mt-4" columns={columns} data={versions} getRowId={(c) => c.id} testId="catalog-versions" alignTop />}
              {ins.template && (
                <details className="mt-4">
                  <summary className="cursor-pointer text-sm font-medium text-slate-800">
                    Quote file layout: sheet {ins.template.sheetName}, {ins.template.columns.length} columns
                  </summary>
                  <div className="mt-2">
                    <TemplateEditor insurerId={ins.id} name={ins.template.name} sheetName={ins.template.sheetName} columns={quoteFileTemplate(ins.template.columns)} canEdit={isAdmin} />
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
