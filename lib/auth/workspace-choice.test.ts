import { describe, expect, it } from "vitest";
import { chooseWorkspace } from "./workspace-choice";

const mine = [{ workspaceId: "personal" }, { workspaceId: "team" }];

describe("which workspace a request is about", () => {
  it("the cookie's workspace when the user is in it; their first one without a cookie", () => {
    expect(chooseWorkspace(mine, "team")).toEqual({ shown: { workspaceId: "team" }, actsOn: "team", lost: false });
    expect(chooseWorkspace(mine, undefined)).toEqual({ shown: { workspaceId: "personal" }, actsOn: "personal", lost: false });
  });

  it("a cookie naming a workspace the user was removed from: the page shows their first, changes act on the lost one (and are refused there)", () => {
    expect(chooseWorkspace(mine, "gone")).toEqual({ shown: { workspaceId: "personal" }, actsOn: "gone", lost: true });
    expect(chooseWorkspace([], "gone")).toEqual({ shown: undefined, actsOn: "gone", lost: true });
    expect(chooseWorkspace([], undefined)).toEqual({ shown: undefined, actsOn: null, lost: false });
  });
});
