"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { Label } from "@/components/ui/input";
import { activateCatalogAction, buildCatalogEmbeddingsAction, createInsurerAction, uploadCatalogAction } from "@/lib/actions/insurance";
import { useActionFeedback } from "@/components/action-feedback";

export function CreateInsurerForm() {
  const { pending, run, node: note } = useActionFeedback();
  const [name, setName] = useState("");
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        run(() => createInsurerAction({ name }), `${name} added with the default Gcotiza quote template.`, () => setName(""));
      }}
    >
      <InputField id="insurer-name" label="Insurer" className="w-72" value={name} onChange={(e) => setName(e.target.value)} placeholder="Seguros Atlántico" required />
      <Button type="submit" disabled={pending}>
        Add insurer
      </Button>
      <div className="w-full">{note}</div>
    </form>
  );
}

export function UploadCatalogForm({ insurerId }: { insurerId: string }) {
  const { pending, run, node: note } = useActionFeedback();
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const fd = new FormData(form);
        fd.set("insurerId", insurerId);
        run(() => uploadCatalogAction(fd), "Uploaded; importing in the background (progress below).", () => form.reset());
      }}
    >
      <div>
        <Label htmlFor={`catalog-file-${insurerId}`}>New catalog version (.csv or .xlsx: code, brand, model, version, year, body, use, description)</Label>
        <input id={`catalog-file-${insurerId}`} name="file" type="file" accept=".csv,.xlsx" required data-testid="catalog-file" className="block text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm" />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Uploading…" : "Upload catalog"}
      </Button>
      <div className="w-full">{note}</div>
    </form>
  );
}

export function ActivateCatalogButton({ catalogId, version }: { catalogId: string; version: number }) {
  const { pending, run, node: note } = useActionFeedback();
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => activateCatalogAction({ catalogId }), `Version ${version} is now active.`)}>
        Activate
      </Button>
      {note}
    </span>
  );
}

export function BuildEmbeddingsButton({ catalogId, rebuild }: { catalogId: string; rebuild: boolean }) {
  const { pending, run, node: note } = useActionFeedback();
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => buildCatalogEmbeddingsAction({ catalogId }), "Embedding started.")}>
        {rebuild ? "Rebuild embeddings" : "Build embeddings"}
      </Button>
      {note}
    </span>
  );
}
