import { describe, expect, it } from "vitest";
import { batchSummary } from "./batch-summary";

describe("upload batch summary", () => {
  it("says nothing while a file is still on its way", () => {
    expect(batchSummary([{ state: "done", stored: 1 }, { state: "uploading", stored: 0 }])).toBeNull();
    expect(batchSummary([])).toBeNull();
  });

  it("counts the files stored (a zip's too) and points to where their reading can be followed", () => {
    const s = batchSummary([{ state: "done", stored: 1 }, { state: "done", stored: 4 }, { state: "duplicate", stored: 0 }, { state: "error", stored: 0 }]);
    expect(s?.text).toBe("5 files stored; Docket is reading them now. 1 file could not be taken in (reason beside each). Follow each file's progress in");
    expect(s?.links.map((l) => l.href)).toEqual(["/documents", "/invoices"]);
  });

  it("when nothing was stored says only what failed, and nothing for duplicates alone", () => {
    expect(batchSummary([{ state: "error", stored: 0 }, { state: "error", stored: 0 }])).toEqual({ text: "2 files could not be taken in (reason beside each).", links: [] });
    expect(batchSummary([{ state: "duplicate", stored: 0 }])).toBeNull();
  });
});
