import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getDocument } from "@/db/queries/documents";
import { listQuestions } from "@/db/queries/documents/questions";
import { requirePageContext } from "@/lib/auth/session";
import { AskForm } from "./ask-form";
import { citationHref } from "./citation-href";
import { historyLine } from "./history-line";

export const metadata = { title: "Ask your documents" };

export default async function AskPage({ searchParams }: { searchParams: Promise<{ doc?: string }> }) {
  const ctx = await requirePageContext();
  const db = await getDb();
  const sp = await searchParams;
  const scoped = sp.doc ? await getDocument(db, { workspaceId: ctx.workspaceId, documentId: sp.doc }) : null;
  const history = await listQuestions(db, { workspaceId: ctx.workspaceId, limit: 20 });
  return (
    <>
      <PageHeader
        title="Ask your documents"
        description="Answers come from your documents only, each with the document, page and exact passage it rests on — or “not found in your documents”, never a guess."
      />
      <AskForm scope={scoped ? { id: scoped.id, filename: scoped.filename } : null} />
      <Card title="Earlier questions" className="mt-6">
        {history.length === 0 ? (
          <p className="text-sm text-slate-500">No questions asked in this workspace yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="history">
            {history.map((q) => {
              const line = historyLine(q);
              return (
                <li key={q.id} className="py-2">
                  <p className="font-medium">{q.question}</p>
                  <p className={`break-words ${q.found ? "text-slate-800" : "text-slate-500"}`}>{line.text}</p>
                  <p className="text-xs text-slate-500">
                    {q.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC · {line.by} · {q.latencyMs} ms
                    {q.citations.map((c) => (
                      <a key={c.id} className="ml-2 text-brand-700 hover:underline [overflow-wrap:anywhere]" href={citationHref(c)}>
                        {c.filename} p. {c.page}
                      </a>
                    ))}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </>
  );
}
