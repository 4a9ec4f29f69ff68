import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { DeleteWorkspace } from "./delete-workspace";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined, push: () => undefined }) }));

const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ");

describe("the Delete workspace card", () => {
  it("says what goes, that it cannot be undone, and offers the button that opens the typed-name dialog", () => {
    const html = renderToStaticMarkup(createElement(DeleteWorkspace, { name: "Acme AP", isDemo: true }));
    expect(text(html)).toContain("Deletes the demo workspace for every member");
    expect(text(html)).toContain("This cannot be undone.");
    expect(html).toMatch(/<button[^>]*aria-haspopup="dialog"[^>]*>Delete workspace<\/button>/);
  });
});
