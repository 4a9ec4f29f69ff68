import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth";
import { env } from "@/lib/env";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

function safeCallback(raw: string | undefined) {
  // Only same-site paths: never bounce a user to another origin after sign-in.
  if (!raw) return "/";
  try {
    const u = new URL(raw, "http://x");
    return u.origin === "http://x" || raw.startsWith(env().publicUrl) ? `${u.pathname}${u.search}` : "/";
  } catch {
    return "/";
  }
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const callbackUrl = safeCallback(sp.callbackUrl);
  const e = env();
  const error = sp.error;

  async function google() {
    "use server";
    await signIn("google", { redirectTo: callbackUrl });
  }

  async function local(formData: FormData) {
    "use server";
    try {
      await signIn("local", { email: String(formData.get("email") ?? ""), redirectTo: callbackUrl });
    } catch (err) {
      if (err instanceof AuthError) redirect(`/sign-in?error=local&callbackUrl=${encodeURIComponent(callbackUrl)}`);
      throw err;
    }
  }

  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold">Docket</h1>
        <p className="mt-1 text-sm text-slate-600">The AI back office for small operations teams.</p>
        {error && (
          <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {error === "local" ? "Enter a valid email address." : "Sign-in did not complete. Try again."}
          </p>
        )}
        {e.googleSignIn && (
          <form action={google} className="mt-6">
            <button className="flex w-full items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2.5 text-sm font-medium hover:bg-slate-50">
              <span aria-hidden className="font-bold text-blue-600">G</span> Sign in with Google
            </button>
          </form>
        )}
        {e.localSignIn && (
          <form action={local} className="mt-6 space-y-3">
            <div className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900">
              <strong>Local sign-in (development only).</strong> Google sign-in is not configured (set AUTH_GOOGLE_ID and
              AUTH_GOOGLE_SECRET). Anyone can sign in here with any email; this is disabled in production.
            </div>
            <label htmlFor="email" className="block text-sm font-medium text-slate-700">
              Email
            </label>
            <input
              id="email"
              name="email"
              type="email"
              required
              defaultValue="demo@docket.local"
              className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
            <button className="w-full rounded-md bg-brand-600 px-4 py-2.5 text-sm font-medium text-white hover:bg-brand-700">
              Sign in
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
