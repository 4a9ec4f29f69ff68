import { describe, expect, it } from "vitest";
import { inngest } from "./client";
import { campaignControl, documentUploaded } from "./events";

describe("event schemas", () => {
  it("validate data before anything is sent, naming the bad field", async () => {
    await expect(inngest.send(documentUploaded.create({ workspaceId: "w1", documentId: "" }))).rejects.toThrow(/documentId/);
    await expect(
      inngest.send(campaignControl.create({ workspaceId: "w1", campaignId: "c1", action: "stop" as "pause" })),
    ).rejects.toThrow(/action/);
  });

  it("accept valid data and keep the caller's id", async () => {
    const event = documentUploaded.create({ workspaceId: "w1", documentId: "d1" }, { id: "doc-d1-uploaded" });
    await expect(event.validate()).resolves.toBeUndefined();
    expect(event).toMatchObject({ name: "app/document.uploaded", id: "doc-d1-uploaded", data: { workspaceId: "w1", documentId: "d1" } });
  });
});
