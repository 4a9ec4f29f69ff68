// The embedded Inngest runner: public surface for instrumentation.ts, scripts/runner.ts, health/metrics and
// the Jobs page (queries live in db/queries/runner.ts).
export { startRunner, defaultBackoff, type RunnerHandle, type StartRunnerOptions } from "./runner";
export { RunnerConfigError, type FunctionSpec } from "./functions";
export { ManualClock, systemClock, type Clock } from "./clock";
export { activeRunner } from "./registry";
export { insertEvents as sendEventsTo, EventValidationError } from "./store";
export { runnerEnabled } from "./enabled";
