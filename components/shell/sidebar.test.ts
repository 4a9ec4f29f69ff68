import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { SidebarNav } from "./sidebar";

vi.mock("next/navigation", () => ({ usePathname: () => "/invoices" }));

const badge = (alertCount: number) => renderToStaticMarkup(createElement(SidebarNav, { alertCount })).match(/<span[^>]*data-testid="alert-count"[^>]*>([^<]*)<\/span>/);

describe("SidebarNav's alert count", () => {
  it("shows the count beside Alerts, none at zero, and 99+ past 99 (the frame counts up to 100)", () => {
    expect(badge(0)).toBeNull();
    expect(badge(7)?.[1]).toBe("7");
    expect(badge(99)?.[1]).toBe("99");
    expect(badge(100)?.[1]).toBe("99+");
    expect(badge(100)?.[0]).toContain('aria-label="more than 99 open alerts"');
  });
});
