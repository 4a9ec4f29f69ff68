import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// State of the embedded Inngest runner (lib/runner). Everything the executor needs to resume after a
// restart lives here: runs, memoized step results, due work (jobs/timers), waits, events, cron state and
// concurrency slots. Times are written from the runner's (injectable) clock, never from SQL now().

export const runStatuses = ["queued", "running", "sleeping", "waiting", "completed", "failed", "cancelled"] as const;
export type RunStatus = (typeof runStatuses)[number];
export const terminalRunStatuses: readonly RunStatus[] = ["completed", "failed", "cancelled"];

/** Every event the app sent. A repeated id is ignored (the insert conflicts), so it triggers nothing new. */
export const runnerEvents = pgTable(
  "runner_events",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** The full event as functions receive it: { id, name, data, ts, v? }. */
    payload: jsonb("payload").notNull(),
    ts: timestamp("ts", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    /** Null until the runner has fanned it out to triggers, waits and cancellations. */
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    index("runner_events_pending_idx").on(t.receivedAt).where(sql`${t.processedAt} is null`),
    index("runner_events_name_idx").on(t.name, t.receivedAt),
  ],
);

/** One execution of one function. The run row is the unit a worker claims (FOR UPDATE SKIP LOCKED). */
export const runnerRuns = pgTable(
  "runner_runs",
  {
    id: text("id").primaryKey(),
    functionId: text("function_id").notNull(),
    /** event.data.workspaceId of the triggering event when it has one: the Jobs page filters by it. */
    workspaceId: text("workspace_id"),
    /** Event name, or `cron(<schedule>)`. */
    trigger: text("trigger").notNull(),
    eventId: text("event_id"),
    event: jsonb("event").notNull(),
    status: text("status", { enum: runStatuses }).notNull().default("queued"),
    maxAttempts: integer("max_attempts").notNull(),
    /** Failed attempts so far, over all steps and the function body (shown on the Jobs page). */
    failures: integer("failures").notNull().default(0),
    output: jsonb("output"),
    error: jsonb("error"),
    /** Hashed step ids in completion order (the SDK's `ctx.stack`). */
    stack: jsonb("stack").$type<string[]>().notNull().default([]),
    /** Set after the first parallel plan; stays set for the rest of the run. */
    disableImmediate: boolean("disable_immediate").notNull().default(false),
    parentRunId: text("parent_run_id"),
    parentStepId: text("parent_step_id"),
    /** Earliest due job; null when the run waits on something external (event, child run) or is finished. */
    dueAt: timestamp("due_at", { withTimezone: true }),
    claimedBy: text("claimed_by"),
    claimExpiresAt: timestamp("claim_expires_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("runner_runs_due_idx").on(t.dueAt).where(sql`${t.dueAt} is not null`),
    index("runner_runs_fn_status_idx").on(t.functionId, t.status),
    index("runner_runs_ws_created_idx").on(t.workspaceId, t.createdAt),
    index("runner_runs_status_ended_idx").on(t.status, t.endedAt),
    index("runner_runs_parent_idx").on(t.parentRunId),
  ],
);

export const stepStatuses = ["planned", "running", "retrying", "sleeping", "waiting", "invoking", "completed", "failed"] as const;
export type StepStatus = (typeof stepStatuses)[number];

/** Steps of a run. `completed` rows carry the memoized output, `failed` rows the final error. */
export const runnerSteps = pgTable(
  "runner_steps",
  {
    runId: text("run_id").notNull(),
    /** sha1 hex of the step id (the SDK's op id). */
    hashedId: text("hashed_id").notNull(),
    stepId: text("step_id").notNull(),
    name: text("name").notNull(),
    op: text("op").notNull(),
    status: text("status", { enum: stepStatuses }).notNull(),
    output: jsonb("output"),
    error: jsonb("error"),
    attempts: integer("attempts").notNull().default(0),
    seq: integer("seq").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.hashedId] })],
);

export const jobKinds = ["call", "sleep", "wait-timeout", "invoke-timeout"] as const;
export type JobKind = (typeof jobKinds)[number];

/**
 * Due work of a run: `call` the function (hashed_id = "step" to discover, or a step to run), wake a `sleep`,
 * time out a wait or an invoke. One row per (run, kind, hashed_id): re-planning the same step is a no-op.
 */
export const runnerJobs = pgTable(
  "runner_jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: text("run_id").notNull(),
    kind: text("kind", { enum: jobKinds }).notNull(),
    hashedId: text("hashed_id").notNull(),
    attempt: integer("attempt").notNull().default(0),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("runner_jobs_run_kind_step_idx").on(t.runId, t.kind, t.hashedId),
    index("runner_jobs_due_idx").on(t.dueAt),
  ],
);

/** step.waitForEvent in progress. */
export const runnerWaits = pgTable(
  "runner_waits",
  {
    runId: text("run_id").notNull(),
    hashedId: text("hashed_id").notNull(),
    eventName: text("event_name").notNull(),
    expression: text("expression"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.hashedId] }), index("runner_waits_event_idx").on(t.eventName)],
);

/** Next fire time per cron trigger. Missed ticks while nothing ran are not replayed (like Inngest). */
export const runnerCrons = pgTable(
  "runner_crons",
  {
    functionId: text("function_id").notNull(),
    schedule: text("schedule").notNull(),
    nextAt: timestamp("next_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.functionId, t.schedule] })],
);

/** Concurrency slots: a claimed run holds one slot per concurrency limit of its function while it executes. */
export const runnerConcurrency = pgTable(
  "runner_concurrency",
  {
    functionId: text("function_id").notNull(),
    /** Index of the limit in the function's concurrency list, then the evaluated key ("" without key). */
    scopeKey: text("scope_key").notNull(),
    slot: integer("slot").notNull(),
    runId: text("run_id").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.functionId, t.scopeKey, t.slot] }), index("runner_concurrency_run_idx").on(t.runId)],
);

/** One row per worker process: health reports the runner alive when a worker ticked recently. */
export const runnerWorkers = pgTable("runner_workers", {
  id: text("id").primaryKey(),
  host: text("host").notNull(),
  pid: integer("pid").notNull(),
  /** lib/runner/liveness processIdentity(): lets a worker on the same machine prove this one dead (null: unknown). */
  process: text("process"),
  functions: integer("functions").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  lastTickAt: timestamp("last_tick_at", { withTimezone: true }).notNull(),
  stoppedAt: timestamp("stopped_at", { withTimezone: true }),
});

export type RunnerRun = typeof runnerRuns.$inferSelect;
export type RunnerStep = typeof runnerSteps.$inferSelect;
export type RunnerJob = typeof runnerJobs.$inferSelect;
export type RunnerEvent = typeof runnerEvents.$inferSelect;
