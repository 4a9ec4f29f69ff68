import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getMessage } from "@/db/queries/intake";
import { requirePageContext } from "@/lib/auth/session";
import { InsuranceCaseLinks } from "../../insurance/create-case-button";

export const metadata = { title: "Email" };

export default async function MessagePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  const { id } = await params;
  const m = await getMessage(await getDb(), { workspaceId: ctx.workspaceId, id });
  if (!m) notFound();
  return (
    <>
      <PageHeader
        title={m.subject || "(no subject)"}
        description={`From ${m.fromName ? `${m.fromName} <${m.fromAddress}>` : (m.fromAddress ?? "unknown")} · ${m.source} · received ${m.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC`}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Message" className="lg:col-span-2">
          <pre className="whitespace-pre-wrap font-sans text-sm text-slate-800">{m.text || "(no text body)"}</pre>
          <p className="mt-4 text-xs text-slate-500">Message-ID: {m.messageId}</p>
        </Card>
        <Card title={`Attachments (${m.documents.length})`}>
          {m.documents.length === 0 ? (
            <p className="text-sm text-slate-600">No attachments were taken in from this email.</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {m.documents.map((d) => (
                <li key={d.id} className="flex items-center justify-between gap-2">
                  <a href={`/api/documents/${d.id}`} target="_blank" rel="noreferrer" className="truncate text-brand-700 hover:underline">
                    {d.filename}
                  </a>
                  <Badge>{d.status.replace("_", " ")}</Badge>
                </li>
              ))}
            </ul>
          )}
          <InsuranceCaseLinks workspaceId={ctx.workspaceId} messageId={m.id} canEdit={ctx.role !== "viewer"} />
          <Link href="/inbox" className="mt-4 inline-block text-sm text-brand-600 hover:underline">
            ← Inbox
          </Link>
        </Card>
      </div>
    </>
  );
}
