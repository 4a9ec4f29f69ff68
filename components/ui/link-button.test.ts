import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LinkButton } from "./link-button";

const SECONDARY = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50";

describe("LinkButton", () => {
  it("draws a link as the header's secondary button, or primary when asked", () => {
    expect(renderToStaticMarkup(h(LinkButton, { href: "/settings/alerts", children: "Alerts" }))).toBe(`<a class="${SECONDARY}" href="/settings/alerts">Alerts</a>`);
    expect(renderToStaticMarkup(h(LinkButton, { href: "/campaigns/new", variant: "primary", children: "New campaign" }))).toContain('class="rounded-md bg-brand-600 ');
  });

  it("renders a download as the same plain anchor (a full request, not a client navigation)", () => {
    const html = renderToStaticMarkup(h(LinkButton, { href: "/api/invoices/export?format=csv", file: true, children: "CSV" }));
    expect(html).toBe(`<a href="/api/invoices/export?format=csv" class="${SECONDARY}">CSV</a>`);
  });
});
