import { describe, expect, it } from "vitest";
import { TemplateError, checkTemplate, compileTemplate, escapeHtml, renderForRecipient, summarizeRender } from "./template";

const columns = ["email", "company", "name", "role", "first_name", "ciudad"];

describe("checkTemplate", () => {
  it("accepts known placeholders (case-insensitive, with spaces and fallbacks) and system placeholders", () => {
    const res = checkTemplate(
      { subject: "Hola {{ First_Name }}", text: "{{company | su empresa}} en {{ciudad}}. Baja: {{unsubscribe_url}}" },
      columns,
    );
    expect(res).toEqual({ ok: true, errors: [], placeholders: ["first_name", "company", "ciudad", "unsubscribe_url"], unknown: [] });
  });

  it("lists every unknown placeholder with the part and position where it appears", () => {
    const res = checkTemplate(
      { subject: "Hi {{nmae}}", text: "About {{compnay}} and {{nmae}}", html: "<p>{{ salary }}</p>" },
      columns,
    );
    expect(res.ok).toBe(false);
    expect(res.unknown).toEqual(["nmae", "compnay", "salary"]);
    expect(res.errors.map((e) => [e.part, e.placeholder, e.index])).toEqual([
      ["subject", "nmae", 3],
      ["text", "compnay", 6],
      ["text", "nmae", 22],
      ["html", "salary", 3],
    ]);
    expect(res.errors[0].message).toContain("unknown placeholder {{nmae}}");
  });

  it("reports syntax errors instead of sending broken text", () => {
    const res = checkTemplate({ subject: "Hi {{name", text: "x {{}} y {{ bad-key }}" }, columns);
    expect(res.ok).toBe(false);
    expect(res.errors.map((e) => e.message)).toEqual([
      'unclosed "{{" at character 4',
      "empty placeholder {{}} at character 3",
      "placeholder {{ bad-key }} at character 10 has an invalid name (use letters, digits and _)",
    ]);
  });

  it("requires a body and a one-line subject, and refuses the unsubscribe link in the subject", () => {
    expect(checkTemplate({ subject: "x" }, columns).errors[0].message).toMatch(/plain-text or an HTML body/);
    expect(checkTemplate({ subject: "a\nb", text: "x" }, columns).ok).toBe(false);
    expect(checkTemplate({ subject: "{{unsubscribe_url}}", text: "x" }, columns).ok).toBe(false);
  });

  it("compileTemplate throws a TemplateError carrying the issues", () => {
    expect(() => compileTemplate({ subject: "{{", text: "" })).toThrow(TemplateError);
  });
});

describe("renderForRecipient", () => {
  const tpl = {
    subject: "{{first_name}}, pregunta sobre {{company}}",
    text: "Hola {{name}},\nVi que {{company}} busca {{role | alguien como yo}}.",
    html: "<p>Hola {{name}},</p><p>{{company}} busca <i>{{role | alguien como yo}}</i>.</p>",
  };
  const fields = { name: "Ana <Admin>", first_name: "Ana", company: "Tom & Jerry's \"Co\"", role: "" };

  it("renders text raw, HTML escaped, and applies inline fallbacks", () => {
    const r = renderForRecipient(tpl, fields, { onEmpty: "skip" });
    expect(r).toEqual({
      ok: true,
      message: {
        subject: "Ana, pregunta sobre Tom & Jerry's \"Co\"",
        text: "Hola Ana <Admin>,\nVi que Tom & Jerry's \"Co\" busca alguien como yo.",
        html: "<p>Hola Ana &lt;Admin&gt;,</p><p>Tom &amp; Jerry&#39;s &quot;Co&quot; busca <i>alguien como yo</i>.</p>",
      },
    });
  });

  it("skips the recipient when a placeholder without fallback is empty (onEmpty: skip)", () => {
    const r = renderForRecipient(tpl, { ...fields, company: "  " }, { onEmpty: "skip" });
    expect(r).toEqual({ ok: false, reason: "empty value for {{company}}", missing: ["company"] });
  });

  it("uses the campaign fallbacks map with onEmpty: fallback, and skips when no fallback exists", () => {
    const ok = renderForRecipient(tpl, { ...fields, company: "" }, { onEmpty: "fallback", fallbacks: { company: "su empresa" } });
    expect(ok.ok && ok.message.subject).toBe("Ana, pregunta sobre su empresa");
    const bad = renderForRecipient(tpl, { ...fields, company: "", name: "" }, { onEmpty: "fallback", fallbacks: { company: "x" } });
    expect(bad).toEqual({ ok: false, reason: "empty value and no fallback for {{name}}", missing: ["name"] });
    // a fallback cleared to nothing is no fallback: skipped, never sent as "Hi ,"
    const blank = renderForRecipient(tpl, { ...fields, company: "" }, { onEmpty: "fallback", fallbacks: { company: " " } });
    expect(blank).toMatchObject({ ok: false, missing: ["company"] });
  });

  it("keeps subject values on one line", () => {
    const r = renderForRecipient({ subject: "Re: {{company}}", text: "x" }, { company: "Acme\r\nBcc: evil@x.com" }, { onEmpty: "skip" });
    expect(r.ok && r.message.subject).toBe("Re: Acme Bcc: evil@x.com");
  });

  it("fills {{unsubscribe_url}} or appends an unsubscribe footer to each body", () => {
    const url = "https://d.example.com/u/tok?a=1&b=2";
    const withPh = renderForRecipient({ subject: "s", text: "Bye: {{unsubscribe_url}}", html: '<a href="{{unsubscribe_url}}">bye</a>' }, {}, {
      onEmpty: "skip",
      unsubscribeUrl: url,
    });
    expect(withPh.ok && withPh.message).toEqual({
      subject: "s",
      text: `Bye: ${url}`,
      html: `<a href="${escapeHtml(url)}">bye</a>`,
    });
    const footer = renderForRecipient({ subject: "s", text: "Hi\n\n", html: "<html><body><p>Hi</p></body></html>" }, {}, {
      onEmpty: "skip",
      unsubscribeUrl: url,
      footerText: "Darse de baja: {url}",
    });
    expect(footer.ok && footer.message.text).toBe(`Hi\n\n--\nDarse de baja: ${url}\n`);
    expect(footer.ok && footer.message.html).toBe(
      `<html><body><p>Hi</p><p style="font-size:12px;color:#666">Darse de baja: <a href="https://d.example.com/u/tok?a=1&amp;b=2">https://d.example.com/u/tok?a=1&amp;b=2</a></p></body></html>`,
    );
  });

  it("refuses to render {{unsubscribe_url}} without a link", () => {
    const r = renderForRecipient({ subject: "s", text: "{{unsubscribe_url}}" }, {}, { onEmpty: "fallback" });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/no unsubscribe link/);
  });

  it("supports escaped braces and reuses a compiled template", () => {
    const compiled = compileTemplate({ subject: "s", text: "literal \\{{name}} and {{name}}" });
    expect(compiled.placeholders).toEqual(["name"]);
    const a = renderForRecipient(compiled, { name: "A" }, { onEmpty: "skip" });
    const b = renderForRecipient(compiled, { name: "B" }, { onEmpty: "skip" });
    expect(a.ok && a.message.text).toBe("literal {{name}} and A");
    expect(b.ok && b.message.text).toBe("literal {{name}} and B");
  });
});

describe("summarizeRender", () => {
  it("counts renderable recipients and who would be skipped for which placeholder", () => {
    const list = [
      { fields: { name: "A", company: "Acme" } },
      { fields: { name: "", company: "Globex" } },
      { fields: { name: "C", company: "" } },
      { fields: { name: "", company: "" } },
    ];
    const s = summarizeRender({ subject: "{{name}} @ {{company}}", text: "{{unsubscribe_url}}" }, list, { onEmpty: "skip" });
    expect(s.renderable).toBe(1);
    expect(s.skipped.map((x) => x.index)).toEqual([1, 2, 3]);
    expect(s.missingByPlaceholder).toEqual({ name: 2, company: 2 });
  });
});
