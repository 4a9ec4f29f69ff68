import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { TEST_MESSAGE_TOKEN } from "@/lib/campaigns/unsubscribe";
import { readUnsubscribeToken, unsubscribeWithToken } from "./unsubscribe";

export const metadata = { title: "Unsubscribe" };
export const dynamic = "force-dynamic";

const box = "mx-auto mt-24 max-w-md rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm";

export default async function UnsubscribePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ done?: string }> }) {
  const { token } = await params;
  const { done } = await searchParams;
  if (token === TEST_MESSAGE_TOKEN) {
    return (
      <main className={box}>
        <h1 className="text-lg font-semibold">This was a test message</h1>
        <p className="mt-2 text-sm text-slate-600">
          Nothing was changed. In the campaign itself, each recipient&apos;s message carries their own unsubscribe link.
        </p>
      </main>
    );
  }
  const db = await getDb();
  const p = await readUnsubscribeToken(db, token);
  if (!p) {
    return (
      <main className={box}>
        <h1 className="text-lg font-semibold">This unsubscribe link is not valid</h1>
        <p className="mt-2 text-sm text-slate-600">It may have been cut off by your email program. Open the link from the email again, or reply to the sender asking to be removed.</p>
      </main>
    );
  }
  if (done) {
    return (
      <main className={box}>
        <h1 className="text-lg font-semibold">You are unsubscribed</h1>
        <p className="mt-2 text-sm text-slate-600">
          {p.email} will not receive more emails from {p.workspaceName} sent through Docket.
        </p>
      </main>
    );
  }
  // A confirmation button rather than unsubscribing on GET: link scanners open URLs in emails.
  return (
    <main className={box}>
      <h1 className="text-lg font-semibold">Unsubscribe {p.email}?</h1>
      <p className="mt-2 text-sm text-slate-600">You will no longer receive emails from {p.workspaceName} sent through Docket.</p>
      <form
        action={async () => {
          "use server";
          await unsubscribeWithToken(await getDb(), token);
          redirect(`/u/${token}?done=1`);
        }}
      >
        <button className="mt-4 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">Unsubscribe</button>
      </form>
    </main>
  );
}
