import { NonRetriableError, RetryAfterError } from "inngest";
import { inngest } from "@/inngest/client";

// Small real functions for the runner's contract suite (runner.db.test.ts) and benchmark. Side effects are
// counted in `calls` (same process) so tests can prove a memoized step never runs again.

export const calls = new Map<string, number>();
export const seen: Record<string, unknown[]> = {};
const count = (key: string) => {
  const n = (calls.get(key) ?? 0) + 1;
  calls.set(key, n);
  return n;
};
const record = (key: string, value: unknown) => {
  (seen[key] ??= []).push(value);
};

export const threeSteps = inngest.createFunction(
  { id: "test-three-steps", triggers: [{ event: "test/three" }] },
  async ({ event, step }) => {
    const a = await step.run("load", () => {
      count(`three:${event.data.n}:load`);
      return `a${event.data.n}`;
    });
    const b = await step.run("extract", () => {
      count(`three:${event.data.n}:extract`);
      return `${a}b`;
    });
    const c = await step.run("save", () => {
      count(`three:${event.data.n}:save`);
      return `${b}c`;
    });
    return { result: c };
  },
);

export const flaky = inngest.createFunction(
  { id: "test-flaky", retries: 2, triggers: [{ event: "test/flaky" }] },
  async ({ event, step }) => {
    const before = await step.run("before", () => count(`flaky:${event.data.key}:before`));
    const value = await step.run("flaky", () => {
      const n = count(`flaky:${event.data.key}:flaky`);
      if (n <= (event.data.failTimes as number)) throw new Error(`flaky failure ${n}`);
      return n;
    });
    return { before, value };
  },
);

export const retriesOne = inngest.createFunction(
  { id: "test-retries-one", retries: 1, triggers: [{ event: "test/always-fails" }] },
  async ({ event, step }) => {
    await step.run("doomed", () => {
      count(`doomed:${event.data.key}`);
      throw new Error("always fails");
    });
  },
);

export const nonRetriable = inngest.createFunction(
  { id: "test-non-retriable", retries: 5, triggers: [{ event: "test/non-retriable" }] },
  async ({ event, step }) => {
    await step.run("reject", () => {
      count(`nonretriable:${event.data.key}`);
      throw new NonRetriableError("bad input: cannot continue");
    });
  },
);

export const retryAfter = inngest.createFunction(
  { id: "test-retry-after", retries: 3, triggers: [{ event: "test/retry-after" }] },
  async ({ event, step }) => {
    return step.run("rate-limited", () => {
      const n = count(`retryafter:${event.data.key}`);
      if (n === 1) throw new RetryAfterError("provider rate limit", "30s");
      return n;
    });
  },
);

export const functionBodyError = inngest.createFunction(
  { id: "test-body-error", retries: 1, triggers: [{ event: "test/body-error" }] },
  async ({ event, attempt }) => {
    count(`body:${event.data.key}`);
    if (attempt === 0) throw new Error("outside any step");
    return { attempt };
  },
);

export const sleeper = inngest.createFunction(
  { id: "test-sleeper", triggers: [{ event: "test/sleep" }] },
  async ({ event, step }) => {
    await step.run("before", () => count(`sleep:${event.data.key}:before`));
    await step.sleep("nap", "1h");
    await step.sleepUntil("until", new Date(event.data.until as string));
    return step.run("after", () => count(`sleep:${event.data.key}:after`));
  },
);

export const parallel = inngest.createFunction(
  { id: "test-parallel", triggers: [{ event: "test/parallel" }] },
  async ({ event, step }) => {
    const [x, y, z] = await Promise.all([
      step.run("x", () => {
        count(`par:${event.data.key}:x`);
        return 1;
      }),
      step.run("y", () => {
        count(`par:${event.data.key}:y`);
        return 2;
      }),
      step.run("z", () => {
        count(`par:${event.data.key}:z`);
        return 3;
      }),
    ]);
    const sum = await step.run("sum", () => {
      count(`par:${event.data.key}:sum`);
      return x + y + z;
    });
    return { sum };
  },
);

export const sender = inngest.createFunction(
  { id: "test-sender", triggers: [{ event: "test/send" }] },
  async ({ event, step }) => {
    await step.sendEvent("notify", { name: "test/child", id: `child-${event.data.key}`, data: { key: event.data.key } });
    await step.sendEvent("notify-again", { name: "test/child", id: `child-${event.data.key}`, data: { key: event.data.key } });
    return "sent";
  },
);

export const child = inngest.createFunction({ id: "test-child", triggers: [{ event: "test/child" }] }, async ({ event }) => {
  count(`child:${event.data.key}`);
  return { child: event.data.key };
});

export const failing = inngest.createFunction(
  {
    id: "test-failing",
    retries: 0,
    triggers: [{ event: "test/fail" }],
    onFailure: async ({ error, event, step }) => {
      await step.run("record", () => record("onFailure", { message: error.message, original: event.data.event.data.key }));
    },
  },
  async ({ step }) => {
    await step.run("explode", () => {
      throw new Error("kaboom");
    });
  },
);

export const cronTick = inngest.createFunction(
  { id: "test-cron", triggers: [{ cron: "*/15 * * * *" }] },
  async ({ event, step }) => {
    await step.run("tick", () => record("cron", (event.data as { cron?: string }).cron));
  },
);

let active = new Map<string, number>();
export const maxActive = new Map<string, number>();
export function resetConcurrency() {
  active = new Map();
  maxActive.clear();
}

export const limited = inngest.createFunction(
  { id: "test-limited", concurrency: { limit: 1, key: "event.data.account" }, triggers: [{ event: "test/limited" }] },
  async ({ event, step }) => {
    await step.run("work", async () => {
      const key = event.data.account as string;
      const now = (active.get(key) ?? 0) + 1;
      active.set(key, now);
      maxActive.set(key, Math.max(maxActive.get(key) ?? 0, now));
      await new Promise((r) => setTimeout(r, 20));
      active.set(key, (active.get(key) ?? 1) - 1);
      count(`limited:${key}`);
    });
  },
);

export const approval = inngest.createFunction(
  { id: "test-approval", triggers: [{ event: "test/approval.requested" }] },
  async ({ event, step }) => {
    const decision = await step.waitForEvent("decision", { event: "test/approval.decided", match: "data.requestId", timeout: "2h" });
    return { approved: decision ? decision.data.approved : null, requestId: event.data.requestId };
  },
);

export const cancellable = inngest.createFunction(
  {
    id: "test-cancellable",
    cancelOn: [{ event: "test/campaign.control", if: "event.data.campaignId == async.data.campaignId && async.data.action == 'cancel'" }],
    triggers: [{ event: "test/campaign.started" }],
  },
  async ({ event, step }) => {
    await step.run("first-batch", () => count(`campaign:${event.data.campaignId}:first`));
    await step.sleep("pace", "1h");
    await step.run("second-batch", () => count(`campaign:${event.data.campaignId}:second`));
  },
);

export const invokedChild = inngest.createFunction(
  { id: "test-invoked", triggers: [{ event: "test/never-sent" }] },
  async ({ event, step }) => {
    return step.run("double", () => (event.data.value as number) * 2);
  },
);

export const invoker = inngest.createFunction(
  { id: "test-invoker", triggers: [{ event: "test/invoke" }] },
  async ({ event, step }) => {
    const doubled = await step.invoke("call-child", { function: invokedChild, data: { value: event.data.value } });
    return { doubled };
  },
);

export const fixtureFunctions = [
  threeSteps,
  flaky,
  retriesOne,
  nonRetriable,
  retryAfter,
  functionBodyError,
  sleeper,
  parallel,
  sender,
  child,
  failing,
  cronTick,
  limited,
  approval,
  cancellable,
  invokedChild,
  invoker,
];

export const throttled = inngest.createFunction(
  { id: "test-throttled", throttle: { limit: 1, period: "1m" }, triggers: [{ event: "test/throttled" }] },
  async () => "never",
);
