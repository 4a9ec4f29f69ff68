import { describe, expect, it } from "vitest";
import { fallbacksToSave, insertPlaceholder } from "./message-edit";

describe("insertPlaceholder", () => {
  it("inserts at the caret and puts the caret after the placeholder", () => {
    expect(insertPlaceholder("Hi ,", 3, 3, "first_name")).toEqual({ value: "Hi {{first_name}},", caret: 17 });
  });

  it("replaces the selected text", () => {
    expect(insertPlaceholder("Hello NAME!", 6, 10, "name")).toEqual({ value: "Hello {{name}}!", caret: 14 });
  });

  it("appends when the field has no cursor yet or the positions are out of range", () => {
    expect(insertPlaceholder("Dear ", null, null, "company")).toEqual({ value: "Dear {{company}}", caret: 16 });
    expect(insertPlaceholder("ab", 9, 12, "x")).toEqual({ value: "ab{{x}}", caret: 7 });
    expect(insertPlaceholder("ab", 2, 1, "x")).toEqual({ value: "ab{{x}}", caret: 7 });
  });
});

describe("fallbacksToSave", () => {
  it("keeps written fallbacks of the list's columns and drops empty ones and unknown keys", () => {
    expect(fallbacksToSave({ company: "your team", first_name: "", role: "  ", nope: "x", Name: "there" }, ["company", "first_name", "role", "name"])).toEqual({
      company: "your team",
      name: "there",
    });
  });
});
