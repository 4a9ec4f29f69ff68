import { getDb } from "@/db";
import { unsubscribeWithToken } from "../unsubscribe";

/** RFC 8058 one-click unsubscribe (List-Unsubscribe-Post): the mail client POSTs here; no page, no sign-in. */
export async function POST(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const p = await unsubscribeWithToken(await getDb(), token);
  if (!p) return Response.json({ error: "Invalid unsubscribe link." }, { status: 400 });
  return Response.json({ unsubscribed: p.email });
}

/** Someone opened the List-Unsubscribe URL in a browser: show the confirmation page. */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return Response.redirect(new URL(`/u/${token}`, request.url), 303);
}
