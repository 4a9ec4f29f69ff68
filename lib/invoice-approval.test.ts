import { describe, expect, it } from "vitest";
import { approvalBlockers, approvalRefusal } from "./invoice-approval";

describe("approvalBlockers", () => {
  it("an invoice whose checks pass and which is no duplicate can be approved", () => {
    expect(approvalBlockers({ issues: [], duplicateOfId: null })).toEqual([]);
  });

  it("a failed arithmetic check and a suspected duplicate both block, each once", () => {
    const blockers = approvalBlockers({
      issues: [
        { field: "total", code: "arithmetic", message: "Subtotal 100.00 + tax 19.00 ≠ total 120.00." },
        { field: "invoiceNumber", code: "duplicate", message: "Possible duplicate (same number and vendor)." },
      ],
      duplicateOfId: "inv-1",
    });
    expect(blockers.map((b) => b.code)).toEqual(["arithmetic", "duplicate"]);
    expect(approvalRefusal(blockers)).toMatch(/^This invoice fails 2 checks: Subtotal 100.00 \+ tax 19.00 ≠ total 120.00\. .*approve anyway and say why\.$/);
  });

  it("a duplicate link without its issue line still blocks", () => {
    expect(approvalBlockers({ issues: [], duplicateOfId: "inv-1" })).toEqual([{ code: "duplicate", message: "Possible duplicate of another invoice." }]);
  });
});
