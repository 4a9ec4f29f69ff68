import { describe, expect, it } from "vitest";
import { documentInFlight } from "./progress";

describe("documentInFlight", () => {
  it("counts a document being read, and a read one until its index is done", () => {
    expect(documentInFlight({ status: "queued", indexState: null })).toBe(true);
    expect(documentInFlight({ status: "processing", indexState: "indexed" })).toBe(true);
    // read, but the index function has not claimed it yet: indexing starts a moment later
    expect(documentInFlight({ status: "ready", indexState: null })).toBe(true);
    expect(documentInFlight({ status: "needs_review", indexState: "pending" })).toBe(true);
    expect(documentInFlight({ status: "ready", indexState: "indexing" })).toBe(true);
  });

  it("settles once indexed or failed, and a failed read waits on nothing", () => {
    expect(documentInFlight({ status: "ready", indexState: "indexed" })).toBe(false);
    expect(documentInFlight({ status: "needs_review", indexState: "failed" })).toBe(false);
    expect(documentInFlight({ status: "failed", indexState: null })).toBe(false);
  });
});
