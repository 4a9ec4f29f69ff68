import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getOutboxMessage } from "@/db/queries/outbox";
import { requirePageContext } from "@/lib/auth/session";

export const metadata = { title: "Outbox message" };

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  const { id } = await params;
  const m = await getOutboxMessage(await getDb(), { workspaceId: ctx.workspaceId, id });
  if (!m) notFound();
  return (
    <>
      <PageHeader title={m.subject} description={`NOT DELIVERED — dev outbox. To ${m.to}, from ${m.from}.`} />
      <Card title="Message source (RFC 2822, as it would be sent)">
        <pre className="max-h-[60vh] overflow-auto whitespace-pre-wrap break-all font-mono text-xs">{m.raw}</pre>
      </Card>
    </>
  );
}
