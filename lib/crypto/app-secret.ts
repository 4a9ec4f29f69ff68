import { env } from "@/lib/env";
import { createSecretBox, type SecretBox } from "./secrets";

// The one master secret that stored credentials (mailbox passwords, SMTP passwords, OAuth tokens) are encrypted
// with, and that signing keys are derived from: DOCKET_ENCRYPTION_KEY, else AUTH_SECRET, else — in development and
// tests only — a fixed key. Production refuses to use a fixed key.

const DEV_MASTER_SECRET = "docket-development-only-master-secret-never-in-production";

export function appMasterSecret(): string {
  const e = env();
  const master = e.DOCKET_ENCRYPTION_KEY ?? e.AUTH_SECRET;
  if (master) return master;
  if (e.NODE_ENV === "production") {
    throw new Error("Set DOCKET_ENCRYPTION_KEY (or AUTH_SECRET) to store mailbox passwords, SMTP passwords and Google tokens.");
  }
  return DEV_MASTER_SECRET;
}

export function appSecretBox(): SecretBox {
  return createSecretBox({ masterSecret: appMasterSecret() });
}
