import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { findInvitationByToken } from "@/db/queries/workspaces";
import { currentUser } from "@/lib/auth/session";
import { AcceptButton } from "./accept-button";

export const metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`);
  const found = await findInvitationByToken(await getDb(), token);
  const inv = found?.invitation;
  const problem = !inv
    ? "This invitation link is not valid. Ask for a new one."
    : inv.revokedAt
      ? "This invitation was withdrawn. Ask for a new one."
      : inv.acceptedAt
        ? "This invitation was already used."
        : inv.expiresAt < new Date()
          ? "This invitation has expired. Ask for a new one."
          : null;
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Join a workspace</h1>
        {problem || !found || !inv ? (
          <p role="alert" className="mt-4 text-sm text-red-700">
            {problem}
          </p>
        ) : (
          <>
            <p className="mt-3 text-sm text-slate-700">
              You are invited to <strong>{found.workspaceName}</strong> as <strong>{inv.role}</strong> (sent to {inv.email}; you are
              signed in as {user.email}).
            </p>
            <AcceptButton token={token} />
          </>
        )}
        <Link href="/" className="mt-6 inline-block text-sm text-brand-600 hover:underline">
          Go to Docket
        </Link>
      </div>
    </main>
  );
}
