import { Link } from "@/components/ui/link";
import { getDb } from "@/db";
import { casesForMessage, spreadsheetAttachments } from "@/db/queries/insurance/case-emails";
import { CreateCaseFromMessage } from "./create-case-from-message";

/** For the Inbox message page: the insurance cases made from this email, or a button to make one per spreadsheet. */
export async function InsuranceCaseLinks({ workspaceId, messageId, canEdit }: { workspaceId: string; messageId: string; canEdit: boolean }) {
  const db = await getDb();
  const [sheets, cases] = await Promise.all([spreadsheetAttachments(db, { workspaceId, messageId }), casesForMessage(db, { workspaceId, messageId })]);
  if (!sheets.length && !cases.length) return null;
  const open = sheets.filter((s) => !cases.some((c) => c.documentId === s.documentId));
  return (
    <div className="mt-4 border-t border-slate-100 pt-3 text-sm" data-testid="insurance-case-links">
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Insurance</p>
      {cases.map((c) => (
        <Link key={c.id} className="block text-brand-700 hover:underline" href={`/insurance/cases/${c.id}`}>
          Case {c.cotNumber}
        </Link>
      ))}
      {canEdit && open.length > 0 && <CreateCaseFromMessage messageId={messageId} count={open.length} />}
    </div>
  );
}
