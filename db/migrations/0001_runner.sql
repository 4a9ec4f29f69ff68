CREATE TABLE "runner_concurrency" (
	"function_id" text NOT NULL,
	"scope_key" text NOT NULL,
	"slot" integer NOT NULL,
	"run_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "runner_concurrency_function_id_scope_key_slot_pk" PRIMARY KEY("function_id","scope_key","slot")
);
--> statement-breakpoint
CREATE TABLE "runner_crons" (
	"function_id" text NOT NULL,
	"schedule" text NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	CONSTRAINT "runner_crons_function_id_schedule_pk" PRIMARY KEY("function_id","schedule")
);
--> statement-breakpoint
CREATE TABLE "runner_events" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "runner_jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"kind" text NOT NULL,
	"hashed_id" text NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runner_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"function_id" text NOT NULL,
	"workspace_id" text,
	"trigger" text NOT NULL,
	"event_id" text,
	"event" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"max_attempts" integer NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"output" jsonb,
	"error" jsonb,
	"stack" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"disable_immediate" boolean DEFAULT false NOT NULL,
	"parent_run_id" text,
	"parent_step_id" text,
	"due_at" timestamp with time zone,
	"claimed_by" text,
	"claim_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runner_steps" (
	"run_id" text NOT NULL,
	"hashed_id" text NOT NULL,
	"step_id" text NOT NULL,
	"name" text NOT NULL,
	"op" text NOT NULL,
	"status" text NOT NULL,
	"output" jsonb,
	"error" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"seq" integer NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "runner_steps_run_id_hashed_id_pk" PRIMARY KEY("run_id","hashed_id")
);
--> statement-breakpoint
CREATE TABLE "runner_waits" (
	"run_id" text NOT NULL,
	"hashed_id" text NOT NULL,
	"event_name" text NOT NULL,
	"expression" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "runner_waits_run_id_hashed_id_pk" PRIMARY KEY("run_id","hashed_id")
);
--> statement-breakpoint
CREATE TABLE "runner_workers" (
	"id" text PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"functions" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_tick_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "runner_concurrency_run_idx" ON "runner_concurrency" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "runner_events_pending_idx" ON "runner_events" USING btree ("received_at") WHERE "runner_events"."processed_at" is null;--> statement-breakpoint
CREATE INDEX "runner_events_name_idx" ON "runner_events" USING btree ("name","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "runner_jobs_run_kind_step_idx" ON "runner_jobs" USING btree ("run_id","kind","hashed_id");--> statement-breakpoint
CREATE INDEX "runner_jobs_due_idx" ON "runner_jobs" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "runner_runs_due_idx" ON "runner_runs" USING btree ("due_at") WHERE "runner_runs"."due_at" is not null;--> statement-breakpoint
CREATE INDEX "runner_runs_fn_status_idx" ON "runner_runs" USING btree ("function_id","status");--> statement-breakpoint
CREATE INDEX "runner_runs_ws_created_idx" ON "runner_runs" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "runner_runs_status_ended_idx" ON "runner_runs" USING btree ("status","ended_at");--> statement-breakpoint
CREATE INDEX "runner_runs_parent_idx" ON "runner_runs" USING btree ("parent_run_id");--> statement-breakpoint
CREATE INDEX "runner_waits_event_idx" ON "runner_waits" USING btree ("event_name");