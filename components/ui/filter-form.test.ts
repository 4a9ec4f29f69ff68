import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FilterForm, FilterInput, FilterSelect } from "./filter-form";

const CONTROL = "rounded-md border border-slate-300 px-2 py-1.5";
const label = (text: string, control: string) => `<label class="flex flex-col gap-1"><span class="text-xs font-medium text-slate-600">${text}</span>${control}</label>`;

describe("filter form", () => {
  it("renders the fields, the submit button and Clear as the list pages wrote them", () => {
    const html = renderToStaticMarkup(
      h(FilterForm, {
        submitLabel: "Apply",
        clearHref: "/invoices",
        children: [
          h(FilterInput, { key: "f", label: "Issued from", type: "date", name: "from", defaultValue: "2026-01-01" }),
          h(FilterSelect, { key: "c", label: "Confidence", name: "confidence", defaultValue: "", children: h("option", { value: "" }, "Any") }),
        ],
      }),
    );
    expect(html).toContain(label("Issued from", `<input class="${CONTROL}" type="date" name="from" value="2026-01-01"/>`));
    expect(html).toContain(label("Confidence", `<select class="${CONTROL}" name="confidence"><option value="" selected="">Any</option></select>`));
    expect(html).toMatch(/^<form class="mb-4 flex flex-wrap items-end gap-3 text-sm" method="get">/);
    expect(html).toMatch(/<button class="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white">Apply<\/button><a class="py-1.5 text-slate-600 hover:underline" href="\/invoices">Clear<\/a><\/form>$/);
  });

  it("adds a field's own classes to the control's", () => {
    const html = renderToStaticMarkup(h(FilterInput, { label: "Currency", name: "currency", className: "w-20 uppercase" }));
    expect(html).toContain(`class="w-20 uppercase ${CONTROL}"`);
  });
});
