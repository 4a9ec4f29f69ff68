import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, signRequestBody } from "./canonical-json";
import { CronError, parseCron } from "./cron";
import { parseDuration, sleepTarget } from "./duration";
import { compileExpression, compileKey, UnsupportedExpressionError } from "./expression";
import { RunnerConfigError, specsFromSync } from "./functions";

describe("expressions", () => {
  it("matches field equality between the run's event and the incoming one", () => {
    const e = compileExpression("event.data.campaignId == async.data.campaignId && async.data.action == 'cancel'");
    const run = { data: { campaignId: "c1" } };
    expect(e.test({ event: run, async: { data: { campaignId: "c1", action: "cancel" } } })).toBe(true);
    expect(e.test({ event: run, async: { data: { campaignId: "c1", action: "pause" } } })).toBe(false);
    expect(e.test({ event: run, async: { data: { campaignId: "c2", action: "cancel" } } })).toBe(false);
    expect(e.usesAsync).toBe(true);
  });

  it("never matches on a missing field", () => {
    const e = compileExpression("event.data.id == async.data.id");
    expect(e.test({ event: { data: {} }, async: { data: {} } })).toBe(false);
  });

  it("supports != and number/boolean literals", () => {
    expect(compileExpression("event.data.n != 3").test({ event: { data: { n: 4 } } })).toBe(true);
    expect(compileExpression("event.data.ok == true").test({ event: { data: { ok: true } } })).toBe(true);
  });

  it("refuses anything beyond field equality", () => {
    expect(() => compileExpression("event.data.n > 3")).toThrow(UnsupportedExpressionError);
    expect(() => compileExpression("event.data.a == 1 || event.data.b == 2")).toThrow(UnsupportedExpressionError);
    expect(() => compileExpression("event.data.a == 1 event.data.b == 2")).toThrow(/only && joins/);
    expect(() => compileExpression("size(event.data.items) == 0")).toThrow(UnsupportedExpressionError);
  });

  it("evaluates concurrency keys", () => {
    expect(compileKey("event.data.account")({ data: { account: "acme" } })).toBe("acme");
    expect(compileKey("event.data.n")({ data: { n: 7 } })).toBe("7");
    expect(() => compileKey('event.data.a + "-" + event.data.b')).toThrow(UnsupportedExpressionError);
  });
});

describe("durations", () => {
  it("parses the SDK's time strings", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("1w2d")).toBe(9 * 86_400_000);
    expect(parseDuration("")).toBe(0);
    expect(() => parseDuration("soon")).toThrow(/Unsupported duration/);
  });

  it("computes sleep targets from durations and ISO instants", () => {
    expect(sleepTarget("2s", 1000)).toBe(3000);
    expect(sleepTarget("2026-11-22T00:00:00.000Z", 0)).toBe(Date.parse("2026-11-22T00:00:00Z"));
  });
});

describe("cron", () => {
  const at = (iso: string) => Date.parse(iso);
  const next = (expr: string, iso: string) => new Date(parseCron(expr).next(at(iso))).toISOString();

  it("finds the next fire time strictly after the given instant", () => {
    expect(next("*/15 * * * *", "2026-11-21T09:00:00Z")).toBe("2026-11-21T09:15:00.000Z");
    expect(next("0 9 * * MON-FRI", "2026-11-21T10:00:00Z")).toBe("2026-11-23T09:00:00.000Z"); // Sat → Mon
    expect(next("@daily", "2026-11-21T10:00:00Z")).toBe("2026-11-22T00:00:00.000Z");
    expect(next("0 0 1 JAN *", "2026-11-21T10:00:00Z")).toBe("2027-01-01T00:00:00.000Z");
    expect(next("TZ=UTC 30 6 * * *", "2026-11-21T06:30:00Z")).toBe("2026-11-22T06:30:00.000Z");
  });

  it("uses OR semantics when both day-of-month and weekday are restricted", () => {
    expect(next("0 0 13 * FRI", "2026-11-21T00:00:00Z")).toBe("2026-11-27T00:00:00.000Z");
  });

  it("refuses bad fields and non-UTC time zones", () => {
    expect(() => parseCron("61 * * * *")).toThrow(CronError);
    expect(() => parseCron("* * *")).toThrow(/5 fields/);
    expect(() => parseCron("TZ=Europe/Madrid 0 9 * * *")).toThrow(/time zone Europe\/Madrid/);
  });
});

describe("request signing", () => {
  it("signs the canonical body the way the SDK verifies it", () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: "x" }] })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
    const key = `signkey-test-${"ab".repeat(32)}`;
    const sig = signRequestBody('{"a":1}', key, 1_700_000_000_000);
    const mac = crypto.createHmac("sha256", "ab".repeat(32)).update('{"a":1}1700000000').digest("hex");
    expect(sig).toBe(`t=1700000000&s=${mac}`);
  });
});

describe("function specs from sync", () => {
  const base = {
    id: "docket-send-campaign",
    name: "send-campaign",
    triggers: [{ event: "app/campaign.started" }],
    steps: { step: { id: "step", name: "step", runtime: { type: "http", url: "http://x" }, retries: { attempts: 4 } } },
  };

  it("reads retries, concurrency and cancelOn", () => {
    const [spec] = specsFromSync([
      { ...base, concurrency: [{ limit: 2, key: "event.data.workspaceId" }], cancel: [{ event: "app/campaign.control", if: "event.data.campaignId == async.data.campaignId", timeout: "7d" }] },
    ]);
    expect(spec!.maxAttempts).toBe(5);
    expect(spec!.concurrency[0]!.limit).toBe(2);
    expect(spec!.concurrency[0]!.key!({ data: { workspaceId: "w1" } })).toBe("w1");
    expect(spec!.cancel[0]!.timeoutMs).toBe(7 * 86_400_000);
  });

  it("refuses options it does not honour, naming the function and the option", () => {
    for (const [option, value] of [
      ["throttle", { limit: 1, period: "1m" }],
      ["rateLimit", { limit: 1, period: "1m" }],
      ["debounce", { period: "5s" }],
      ["batchEvents", { maxSize: 10, timeout: "5s" }],
      ["idempotency", "event.data.id"],
      ["priority", { run: "event.data.p" }],
      ["timeouts", { finish: "1h" }],
      ["singleton", { mode: "skip" }],
    ] as const) {
      expect(() => specsFromSync([{ ...base, [option]: value }])).toThrow(
        new RegExp(`Function "docket-send-campaign" uses option "${option}"`),
      );
    }
    expect(() => specsFromSync([{ ...base, concurrency: { limit: 1, scope: "account" } }])).toThrow(/concurrency scope "account"/);
    expect(() => specsFromSync([{ ...base, cancel: [{ event: "x", if: "event.data.n > 1" }] }])).toThrow(RunnerConfigError);
    expect(() => specsFromSync([{ ...base, triggers: [{ cron: "0 9 * * *", jitter: "5m" }] }])).toThrow(/jitter/);
  });
});
