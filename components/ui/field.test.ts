import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Field, InputField } from "./field";
import { Input, Label, NamedOptions, Select } from "./input";

// The pages replaced `<div><Label htmlFor=x/><Input id=x/></div>` by these; the markup must not change.
describe("Field / InputField", () => {
  it("renders the label-above-input markup the forms wrote by hand, wrapper class and input props kept apart", () => {
    const hand = renderToStaticMarkup(
      h("div", { className: "w-72" }, h(Label, { htmlFor: "invite-email", children: "Email" }), h(Input, { id: "invite-email", name: "email", type: "email", required: true })),
    );
    const field = renderToStaticMarkup(h(InputField, { id: "invite-email", label: "Email", className: "w-72", name: "email", type: "email", required: true }));
    expect(field).toBe(hand);
    expect(field).toContain('<label for="invite-email"');
    expect(field).toMatch(/^<div class="w-72"><label/);
  });

  it("wraps any control (a select) and leaves the wrapper without a class when none is given", () => {
    const field = renderToStaticMarkup(h(Field, { id: "case-broker", label: "Broker", children: h(Select, { id: "case-broker" }, h("option", { value: "" }, "Any")) }));
    expect(field).toMatch(/^<div><label for="case-broker"[^>]*>Broker<\/label><select [^>]*id="case-broker"/);
  });

  it("NamedOptions lists one option per item, the id as value and the name as text", () => {
    const html = renderToStaticMarkup(h(Select, { defaultValue: "b2", children: h(NamedOptions, { items: [{ id: "b1", name: "Bajío" }, { id: "b2", name: "Norte" }] }) }));
    expect(html).toContain('<option value="b1">Bajío</option><option value="b2" selected="">Norte</option>');
  });
});
