import { cookies } from "next/headers";
import { Link } from "@/components/ui/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { findInvitationByToken, getRole } from "@/db/queries/workspaces";
import { signOut } from "@/lib/auth";
import { WORKSPACE_COOKIE } from "@/lib/auth/names";
import { currentUser } from "@/lib/auth/session";
import { acceptByMember, invitationStatus } from "@/lib/invitations";
import { Button } from "@/components/ui/button";
import { AcceptButton } from "./accept-button";

export const metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const here = `/invite/${token}`;
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(here)}`);
  const db = await getDb();
  const found = await findInvitationByToken(db, token);
  const inv = found?.invitation ?? null;
  const myRole = inv ? await getRole(db, { workspaceId: inv.workspaceId, userId: user.id }) : null;
  // what accepting would answer, shown before the click: the same rules (lib/invitations.ts)
  const status = invitationStatus(inv, { id: user.id, email: user.email, isMember: Boolean(myRole) }, new Date());
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Join a workspace</h1>
        {status.status === "refused" || !found || !inv ? (
          <>
            <p role="alert" className="mt-4 text-sm text-red-700">
              {status.status === "refused" ? status.message : null}
            </p>
            {status.status === "refused" && status.reason === "wrong_account" && (
              <form
                className="mt-4"
                action={async () => {
                  "use server";
                  (await cookies()).delete(WORKSPACE_COOKIE);
                  await signOut({ redirectTo: `/sign-in?callbackUrl=${encodeURIComponent(here)}` });
                }}
              >
                <Button type="submit" variant="secondary">
                  Sign in with another account
                </Button>
              </form>
            )}
          </>
        ) : status.status === "joined" ? (
          <>
            <p className="mt-3 text-sm text-slate-700">
              You have already joined <strong>{found.workspaceName}</strong> with this invitation.
            </p>
            <AcceptButton token={token} label={`Open ${found.workspaceName}`} />
          </>
        ) : myRole ? (
          <>
            <p className="mt-3 text-sm text-slate-700">{acceptByMember(myRole, inv.role, found.workspaceName).preview}</p>
            <AcceptButton token={token} label="Accept invitation" />
          </>
        ) : (
          <>
            <p className="mt-3 text-sm text-slate-700">
              You are invited to <strong>{found.workspaceName}</strong> as <strong>{inv.role}</strong> (sent to {inv.email}; you are
              signed in as {user.email}).
            </p>
            <AcceptButton token={token} label="Accept invitation" />
          </>
        )}
        <Link href="/" className="mt-6 inline-block text-sm text-brand-600 hover:underline">
          Go to Docket
        </Link>
      </div>
    </main>
  );
}
