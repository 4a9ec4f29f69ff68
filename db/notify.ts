import { sql } from "drizzle-orm";
import type { Db } from "./client";

// Live status changes: every write that moves a status calls `notifyChange` in the same transaction, so the change
// is announced when (and only if) it commits. Postgres NOTIFY on both engines (PGlite runs it in process); the
// listener side turns them into the workspace's server-sent events stream.

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
  | "alert"
  | "question";

export interface Change {
  workspaceId: string;
  entity: ChangeEntity;
  id: string;
  status?: string;
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
