import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from "next/constants";
import { describe, expect, it } from "vitest";
import config from "../../next.config";

describe("next.config", () => {
  // The sidebar's foot (name, email, Sign out) sits in the bottom-left corner of every page; the `npm run dev`
  // indicator's default place covered it.
  it("keeps the dev indicator out of the sidebar's bottom-left corner", () => {
    const dev = config(PHASE_DEVELOPMENT_SERVER).devIndicators;
    expect(dev && dev.position).toBe("bottom-right");
    expect(config(PHASE_PRODUCTION_BUILD).distDir).toBeUndefined();
  });
});
