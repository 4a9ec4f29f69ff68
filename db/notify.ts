import { sql } from "drizzle-orm";
import type { Db } from "./client";

// Live status changes, announced with Postgres NOTIFY on both engines (PGlite runs it in process) when (and only if)
// the writing transaction commits. The database does it itself: triggers on every status column (migration
// 0012_live_changes) send these payloads, so no write can forget; `notifyChange` is for a change no row records.
// services/live/listen-changes.ts turns them into the workspace's server-sent events stream (app/api/live).

export const CHANGES_CHANNEL = "docket_changes";

export type ChangeEntity =
  | "document"
  | "invoice"
  | "case"
  | "fleet_row"
  | "catalog"
  | "campaign"
  | "recipient"
  | "run"
  | "mailbox"
  | "alert"
  | "question";

export interface Change {
  /** "*" for runs of no workspace (cron, system). */
  workspaceId: string;
  entity: ChangeEntity;
  /** The row's id; for rows that change by the thousand (fleet_row, recipient, run steps) their parent's. */
  id: string;
  status?: string | null;
}

/** Anything that can run a statement: the database handle or a transaction. */
export type Notifier = Pick<Db, "execute">;

export async function notifyChange(db: Notifier, change: Change): Promise<void> {
  await db.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify(change)})`);
}

/** The payload of a notification, or null when it is not one of ours. */
export function parseChange(payload: string): Change | null {
  try {
    const c = JSON.parse(payload) as Partial<Change>;
    return typeof c.workspaceId === "string" && typeof c.entity === "string" && typeof c.id === "string" ? (c as Change) : null;
  } catch {
    return null;
  }
}
