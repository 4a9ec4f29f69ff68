import { parseCron, type CronSchedule } from "./cron";
import { parseDuration } from "./duration";
import { compileExpression, compileKey, type CompiledExpression } from "./expression";

// What the runner learns from the in-band sync, checked against what it honours.

export class RunnerConfigError extends Error {
  override name = "RunnerConfigError";
}

export interface FunctionSpec {
  id: string;
  name: string;
  /** Total attempts per step and for the function body: `retries: N` → N + 1. */
  maxAttempts: number;
  eventTriggers: { event: string; filter?: CompiledExpression }[];
  crons: CronSchedule[];
  concurrency: { limit: number; key?: (event: unknown) => string }[];
  cancel: { event: string; match?: CompiledExpression; timeoutMs?: number }[];
}

/** Options a function config may carry (besides id/name/triggers/steps) and that the runner honours. */
const honoured = new Set(["id", "name", "triggers", "steps", "concurrency", "cancel"]);
const DEFAULT_RETRIES = 3; // the SDK's defaultMaxRetries when `retries` is not set

interface RawFunction {
  id: string;
  name?: string;
  triggers?: { event?: string; expression?: string; cron?: string; jitter?: string }[];
  steps?: Record<string, { runtime?: { type?: string; url?: string }; retries?: { attempts?: number } }>;
  concurrency?: unknown;
  cancel?: { event: string; if?: string; timeout?: string }[];
  [key: string]: unknown;
}

const fix =
  "Remove it, or run background work on Inngest Cloud / self-hosted Inngest (set INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY).";

function refuse(fn: string, option: string, why: string): never {
  throw new RunnerConfigError(`Function "${fn}" uses ${option}, which the embedded runner does not honour: ${why}. ${fix}`);
}

function guard<T>(fn: string, option: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof RunnerConfigError) throw err;
    return refuse(fn, option, (err as Error).message);
  }
}

/** Turn the `functions` array of an in-band sync response into specs, refusing what the runner cannot honour. */
export function specsFromSync(functions: unknown): FunctionSpec[] {
  if (!Array.isArray(functions)) throw new RunnerConfigError("In-band sync returned no functions array");
  return (functions as RawFunction[]).map((raw) => {
    const id = raw.id;
    for (const [key, value] of Object.entries(raw)) {
      if (value === undefined || value === null) continue;
      if (!honoured.has(key)) refuse(id, `option "${key}"`, "it runs only retries, concurrency (with keys), cancelOn, onFailure and event/cron triggers");
    }
    const steps = Object.values(raw.steps ?? {});
    if (steps.length !== 1) refuse(id, "steps", `expected one step entry, got ${steps.length}`);
    const step = steps[0]!;
    if (step.runtime?.type !== "http") refuse(id, "runtime", `type "${step.runtime?.type}" (only http is served in-process)`);
    const retries = step.retries?.attempts ?? DEFAULT_RETRIES;
    if (!Number.isInteger(retries) || retries < 0) refuse(id, "retries", `invalid value ${retries}`);

    const eventTriggers: FunctionSpec["eventTriggers"] = [];
    const crons: CronSchedule[] = [];
    for (const t of raw.triggers ?? []) {
      if (t.cron) {
        if (t.jitter) refuse(id, `cron trigger jitter "${t.jitter}"`, "cron schedules run exactly on time here");
        crons.push(guard(id, `cron trigger "${t.cron}"`, () => parseCron(t.cron!)));
      } else if (t.event) {
        if (t.event.includes("*")) refuse(id, `trigger "${t.event}"`, "triggers must name one event");
        const filter = t.expression ? guard(id, `trigger expression "${t.expression}"`, () => compileExpression(t.expression!)) : undefined;
        if (filter?.usesAsync) refuse(id, `trigger expression "${t.expression}"`, "triggers can only test event.*");
        eventTriggers.push({ event: t.event, filter });
      }
    }

    const concurrency: FunctionSpec["concurrency"] = [];
    if (raw.concurrency !== undefined) {
      const list = Array.isArray(raw.concurrency) ? raw.concurrency : [raw.concurrency];
      for (const c of list) {
        const opt = typeof c === "number" ? { limit: c } : (c as { limit?: number; key?: string; scope?: string });
        if (opt.scope && opt.scope !== "fn") refuse(id, `concurrency scope "${opt.scope}"`, "only function scope is implemented");
        if (!Number.isInteger(opt.limit) || opt.limit! < 0) refuse(id, "concurrency", `invalid limit ${opt.limit}`);
        if (opt.limit === 0) continue; // 0 = unlimited, as in Inngest
        const key = opt.key ? guard(id, `concurrency key "${opt.key}"`, () => compileKey(opt.key!)) : undefined;
        concurrency.push({ limit: opt.limit!, key });
      }
    }

    const cancel: FunctionSpec["cancel"] = (raw.cancel ?? []).map((c) => ({
      event: c.event,
      match: c.if ? guard(id, `cancelOn expression "${c.if}"`, () => compileExpression(c.if!)) : undefined,
      timeoutMs: c.timeout ? guard(id, `cancelOn timeout "${c.timeout}"`, () => parseDuration(c.timeout!)) : undefined,
    }));

    return { id, name: raw.name ?? id, maxAttempts: retries + 1, eventTriggers, crons, concurrency, cancel };
  });
}
