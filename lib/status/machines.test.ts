import { describe, expect, it } from "vitest";
import { campaignMachine, recipientMachine } from "@/lib/campaigns/status";
import { defineMachine, TransitionError, type Machine } from "./machine";
import { caseMachine, documentMachine, fleetRowMachine, fleetRowState, invoiceMachine, runMachine } from "./machines";

// One test per entity's table, plus what every table must give: a label per status, and from every status that is
// not final a way on (nothing stuck without a way out).

function reachable<S extends string>(m: Machine<S>, from: S): Set<S> {
  const seen = new Set<S>([from]);
  const queue = [from];
  while (queue.length) {
    for (const n of m.next(queue.shift()!)) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

const all: Machine<string>[] = [documentMachine, invoiceMachine, caseMachine, fleetRowMachine, campaignMachine, recipientMachine, runMachine];

describe("every status machine", () => {
  it.each(all.map((m) => [m.name, m] as const))("%s: every status has a label and only final statuses have no way on", (_name, m) => {
    for (const s of m.statuses) {
      expect(m.labels[s], `${m.name} ${s}`).toBeTruthy();
      if (!m.isFinal(s)) expect(m.next(s).length).toBeGreaterThan(0);
    }
  });
  it("gives a set-based write its guard: the statuses that may become the target, of those it means", () => {
    expect(invoiceMachine.from("approved")).toEqual(["needs_review", "ready"]);
    expect(invoiceMachine.from("approved", ["ready"])).toEqual(["ready"]);
    // a status the table does not allow is dropped from the guard, so the write changes no such row
    expect(invoiceMachine.from("approved", ["ready", "rejected"])).toEqual(["ready"]);
    expect(campaignMachine.from("paused")).toEqual(["scheduled", "sending"]);
    expect(recipientMachine.from("skipped", ["pending", "failed", "sent"])).toEqual(["pending", "failed"]);
  });
  it("refuses a table naming a status it does not define", () => {
    expect(() => defineMachine<"a" | "b">("thing", { a: ["b"] } as never, { a: "A", b: "B" })).toThrow("b is not a status");
  });
});

describe("documents", () => {
  it("lets a failed document be retried, a processed one be reprocessed, and a spreadsheet that became a case be done", () => {
    expect(documentMachine.can("failed", "queued")).toBe(true);
    expect(documentMachine.can("ready", "processing")).toBe(true);
    expect(documentMachine.can("queued", "ready")).toBe(true);
    expect(documentMachine.can("queued", "needs_review")).toBe(false);
    expect(documentMachine.can("failed", "ready")).toBe(false);
    expect(documentMachine.from("ready").sort()).toEqual(["needs_review", "processing", "queued"]);
    // from anything in flight the document reaches a state nobody waits on
    for (const s of ["queued", "processing"] as const) expect(reachable(documentMachine, s).has("ready")).toBe(true);
  });
});

describe("invoices", () => {
  it("only lets approved/rejected invoices be reopened, with a readable error otherwise", () => {
    expect(invoiceMachine.next("approved")).toEqual(["needs_review"]);
    expect(() => invoiceMachine.assert("approved", "rejected")).toThrow(TransitionError);
    expect(() => invoiceMachine.assert("approved", "rejected")).toThrow("An invoice that is approved cannot become rejected.");
  });
});

describe("insurance cases", () => {
  it("matches, waits for what it lacks, and can always start again from the file", () => {
    expect(caseMachine.can("received", "matching")).toBe(true);
    expect(caseMachine.can("needs_profile", "matching")).toBe(false);
    for (const s of caseMachine.statuses) expect(caseMachine.can(s, "received"), s).toBe(true);
    expect(() => caseMachine.assert("review", "matching")).toThrow("A case that is in review cannot become matching.");
  });
});

describe("fleet rows", () => {
  it("reads the state from the row's columns", () => {
    expect(fleetRowState({ matched: false, decision: null, reviewDecision: null })).toBe("pending");
    expect(fleetRowState({ matched: true, decision: "review", reviewDecision: null })).toBe("review");
    expect(fleetRowState({ matched: true, decision: "auto", reviewDecision: "corrected" })).toBe("corrected");
  });
  it("is reviewed only once matched; a reviewer may change an answer; matching again starts over", () => {
    expect(fleetRowMachine.can("pending", "corrected")).toBe(false);
    expect(fleetRowMachine.can("review", "accepted")).toBe(true);
    expect(fleetRowMachine.can("no_match", "accepted")).toBe(false); // nothing proposed to accept
    expect(fleetRowMachine.can("accepted", "corrected")).toBe(true);
    for (const s of fleetRowMachine.statuses) if (s !== "pending") expect(fleetRowMachine.can(s, "pending"), s).toBe(true);
  });
});

describe("campaigns and recipients (lib/campaigns/status.ts)", () => {
  it("are machines of the same helper", () => {
    expect(campaignMachine.isFinal("completed")).toBe(true);
    expect(() => campaignMachine.assert("completed", "sending")).toThrow("A campaign that is Completed cannot become Sending.");
    expect(recipientMachine.can("sending", "sent")).toBe(true);
    expect(recipientMachine.can("pending", "sent")).toBe(false);
  });
});

describe("runs", () => {
  it("finish, fail or are cancelled; only a failed run is retried; completed and cancelled are final", () => {
    for (const s of ["queued", "running", "sleeping", "waiting"] as const) {
      for (const end of ["completed", "failed", "cancelled"] as const) expect(runMachine.can(s, end), `${s}→${end}`).toBe(true);
    }
    expect(runMachine.can("failed", "running")).toBe(true);
    expect(runMachine.can("failed", "cancelled")).toBe(false);
    expect(runMachine.isFinal("completed")).toBe(true);
    expect(runMachine.isFinal("cancelled")).toBe(true);
  });
});
