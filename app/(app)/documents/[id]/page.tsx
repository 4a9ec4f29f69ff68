import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { PdfPages } from "@/components/pdf-viewer";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getDocument } from "@/db/queries/documents";
import { getDocumentIndex, listPageChunks } from "@/db/queries/search";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { splitPages } from "@/lib/documents/chunk";
import { IndexState } from "../index-state";
import { PageText } from "./page-text";

export const metadata = { title: "Document" };

const factLabel: Record<string, string> = {
  party: "Parties",
  invoice_number: "Invoice numbers",
  policy_number: "Policy / contract numbers",
  tax_id: "Tax ids (RFC / VAT)",
  due_date: "Due dates",
  expiry_date: "Expiry / end dates",
  start_date: "Start dates",
  issue_date: "Issue dates",
  amount: "Amounts",
  vin: "VINs",
  plate: "Plates",
  iban: "IBANs",
  date: "Other dates",
};

export default async function DocumentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string; hl?: string }> }) {
  const ctx = await requirePageContext();
  const db = await getDb();
  const { id } = await params;
  const sp = await searchParams;
  const doc = await getDocument(db, { workspaceId: ctx.workspaceId, documentId: id });
  if (!doc) notFound();
  const index = await getDocumentIndex(db, { workspaceId: ctx.workspaceId, documentId: id });
  let pages = doc.text ? splitPages(doc.text) : [];
  if (!pages.length) {
    // spreadsheets: the indexed rows are the page text (one page per sheet)
    const chunks = await listPageChunks(db, { workspaceId: ctx.workspaceId, documentId: id });
    const bySheet = new Map<number, string[]>();
    for (const c of chunks) if (c.kind !== "field") (bySheet.get(c.page) ?? bySheet.set(c.page, []).get(c.page)!).push(c.text);
    pages = [...bySheet.entries()].map(([page, rows]) => ({ page, text: rows.join("\n") }));
  }
  const pageCount = Math.max(pages.length, doc.pages ?? 0, 1);
  const page = Math.min(pageCount, Math.max(1, Number(sp.page) || 1));
  const m = /^(\d+)-(\d+)$/.exec(sp.hl ?? "");
  const hl = m ? { start: Number(m[1]), end: Number(m[2]) } : null;
  const text = pages.find((p) => p.page === page)?.text ?? "";
  const facts = index?.facts ?? [];
  const groups = Object.keys(factLabel).map((t) => ({ type: t, items: facts.filter((f) => f.type === t) })).filter((g) => g.items.length);
  const isPdf = doc.contentType === "application/pdf";
  const isImage = /^image\/(png|jpeg)$/.test(doc.contentType);
  const at = (p: number, s?: number, e?: number) => `/documents/${id}?page=${p}${s !== undefined && e !== undefined && e > s ? `&hl=${s}-${e}` : ""}`;
  return (
    <>
      <PageHeader
        title={doc.filename}
        description={`${doc.contentType} · ${pageCount} page${pageCount === 1 ? "" : "s"} · received ${doc.createdAt.toISOString().slice(0, 10)}`}
        actions={
          <div className="flex items-center gap-3 text-sm">
            <a className="text-brand-700 hover:underline" href={`/documents/ask?doc=${id}`}>Ask this document</a>
            <a className="text-brand-700 hover:underline" href={`/api/documents/${id}`} target="_blank" rel="noreferrer">Download</a>
            <Link className="text-slate-600 hover:underline" href="/documents">← Documents</Link>
          </div>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[22rem_1fr]">
        <div className="flex flex-col gap-4">
          <Card title="What it is">
            <p className="text-sm" data-testid="doc-class">
              <Badge tone="blue">{(index?.docClass ?? doc.classification ?? "not classified yet").replace("_", " ")}</Badge>
            </p>
            {index?.classReasons?.length ? (
              <ul className="mt-2 list-disc pl-5 text-xs text-slate-600">
                {index.classReasons.map((r, i) => <li key={i}>{r}</li>)}
              </ul>
            ) : null}
            <div className="mt-3">
              <IndexState documentId={id} state={index?.state ?? null} pages={index?.pages ?? null} done={index?.pagesDone ?? null} error={index?.error ?? null} canReindex={hasRole(ctx.role, "member")} />
            </div>
          </Card>
          <Card title="Summary">
            {index?.summary?.length ? (
              <>
                <ul className="flex flex-col gap-2 text-sm" data-testid="summary" data-engine={index.summaryEngine}>
                  {index.summary.map((s, i) => (
                    <li key={i}>
                      <a className="hover:underline" href={at(s.page, s.start, s.end)} title={s.quote ? `“${s.quote}”` : undefined}>{s.text}</a>{" "}
                      <span className="text-xs text-slate-500">p. {s.page}</span>
                    </li>
                  ))}
                </ul>
                <p className="mt-2 text-xs text-slate-500">
                  {index.summaryEngine === "openai"
                    ? `Written by ${index.summaryModel ?? "the model"}; each sentence rests on a passage of the page it links to (checked word for word${index.summaryDropped ? `, ${index.summaryDropped} unbacked sentence${index.summaryDropped === 1 ? "" : "s"} left out` : ""}).`
                    : "Sentences taken from the document as written."}
                </p>
              </>
            ) : (
              <p className="text-sm text-slate-500">No summary yet{index?.state === "indexed" ? ": the document has no running text" : ": it appears once the document is indexed"}.</p>
            )}
          </Card>
          <Card title="Key facts">
            {groups.length ? (
              <dl className="flex flex-col gap-2 text-sm" data-testid="facts">
                {groups.map((g) => (
                  <div key={g.type}>
                    <dt className="text-xs uppercase text-slate-500">{factLabel[g.type]}</dt>
                    {g.items.map((f, i) => (
                      <dd key={i}>
                        <a className="text-brand-700 hover:underline" href={at(f.page, f.start, f.end)} data-testid="fact">
                          {f.value}
                        </a>{" "}
                        <span className="text-xs text-slate-500">{f.label} · p. {f.page}</span>
                      </dd>
                    ))}
                  </div>
                ))}
              </dl>
            ) : (
              <p className="text-sm text-slate-500">No dates, amounts, ids or parties found{index?.state === "indexed" ? "" : " yet"}.</p>
            )}
          </Card>
        </div>
        <div className="flex min-w-0 flex-col gap-4">
          <nav className="flex items-center gap-3 text-sm" aria-label="Pages">
            {page > 1 && <a className="text-brand-700 hover:underline" href={at(page - 1)}>← Page {page - 1}</a>}
            <span className="font-medium" data-testid="viewer-page">Page {page} of {pageCount}</span>
            {page < pageCount && <a className="text-brand-700 hover:underline" href={at(page + 1)}>Page {page + 1} →</a>}
          </nav>
          {isPdf && (
            <div className="flex max-h-[70vh] flex-col">
              <PdfPages key={page} src={`/api/documents/${id}`} from={page} to={page} title={doc.filename} />
            </div>
          )}
          {isImage && (
            // eslint-disable-next-line @next/next/no-img-element
            <img src={`/api/documents/${id}`} alt={`${doc.filename}, page 1`} className="max-h-[70vh] border border-slate-200" />
          )}
          <Card title={`Text of page ${page}`}>
            {text ? <PageText text={text} hl={hl} /> : <p className="text-sm text-slate-500">No text on this page{doc.status === "processing" || doc.status === "queued" ? " yet — the document is still being read" : ""}.</p>}
          </Card>
        </div>
      </div>
    </>
  );
}
