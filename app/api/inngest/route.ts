import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

// The Inngest serve endpoint. In cloud/dev mode Inngest calls it; in embedded mode the runner calls the same
// handler in-process (lib/runner/protocol.ts) and this route only answers requests signed with the
// process-local signing key, so it is never an open, unsigned endpoint.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const { GET, POST, PUT } = serve({ client: inngest, functions });
