import { describe, expect, it } from "vitest";
import { documentMachine, invoiceMachine } from "./machines";

describe("state machines", () => {
  it("lets a failed document be retried and a processed one be reprocessed", () => {
    expect(documentMachine.can("failed", "queued")).toBe(true);
    expect(documentMachine.can("ready", "processing")).toBe(true);
    expect(documentMachine.can("queued", "ready")).toBe(false);
  });
  it("only lets approved/rejected invoices be reopened, with a readable error otherwise", () => {
    expect(invoiceMachine.next("approved")).toEqual(["needs_review"]);
    expect(() => invoiceMachine.assert("approved", "rejected")).toThrow("A invoice that is approved cannot become rejected.");
  });
});
