import { describe, expect, it } from "vitest";
import { settleAction, type ActionOptions } from "./action-outcome";
import type { Result } from "@/lib/errors";

/** Runs settleAction with recording handlers and returns what happened, in order. */
function settle<T>(r: Result<T>, opts?: ActionOptions, withOk = true) {
  const log: string[] = [];
  settleAction(
    r,
    { setError: (e) => log.push(`error:${e}`), refresh: () => log.push("refresh") },
    withOk ? (d) => log.push(`ok:${JSON.stringify(d)}`) : undefined,
    opts && { ...opts, onError: opts.onError && ((e) => (log.push(`onError:${e}`), opts.onError!(e))) },
  );
  return log;
}

describe("settleAction (what the action hook does with a result)", () => {
  it("on success clears the error, hands over the data, then refreshes the page", () => {
    expect(settle({ ok: true, data: { id: "c1" } })).toEqual(["error:null", 'ok:{"id":"c1"}', "refresh"]);
  });

  it("does not refresh after success with refresh: false (the caller navigates instead)", () => {
    expect(settle({ ok: true, data: 1 }, { refresh: false })).toEqual(["error:null", "ok:1"]);
  });

  it("on a refusal shows the action's message, calls onError with it, and neither calls onOk nor refreshes", () => {
    expect(settle({ ok: false, error: "Give the campaign a name." }, { onError: () => undefined })).toEqual([
      "error:Give the campaign a name.",
      "onError:Give the campaign a name.",
    ]);
  });

  it("refreshes after a refusal only with refresh: \"always\"", () => {
    expect(settle({ ok: false, error: "Already running." }, { refresh: "always" })).toEqual(["error:Already running.", "refresh"]);
    expect(settle({ ok: false, error: "Already running." }, { refresh: true })).toEqual(["error:Already running."]);
  });

  it("does not call onError when the action succeeds", () => {
    let heard: string | null = null;
    settleAction({ ok: true, data: null }, { setError: () => undefined, refresh: () => undefined }, undefined, { onError: (e) => (heard = e) });
    expect(heard).toBeNull();
  });
});
