"use server";

import { z } from "zod";
import { saveBroker } from "@/db/queries/insurance/brokers";
import { activateCatalog } from "@/db/queries/insurance/catalogs";
import { acceptFleetRows, correctFleetRow } from "@/db/queries/insurance/fleet-row-review";
import { createInsurer, saveQuoteTemplate } from "@/db/queries/insurance/insurers";
import { saveInsuranceSettings } from "@/db/queries/insurance/settings";
import { workspaceAction } from "@/lib/action";
import { fileField, jsonField, textField } from "@/lib/form-data";
import { quoteColumnSchema } from "@/lib/insurance/export";
import { analyzeProfileSample } from "@/services/insurance/analyze-profile-sample";
import { buildCatalogEmbeddings } from "@/services/insurance/build-catalog-embeddings";
import { createCaseFromDocument, createCaseFromUpload, createCasesFromMessage, rematchCase } from "@/services/insurance/open-case";
import { saveBrokerProfile } from "@/services/insurance/save-broker-profile";
import { searchCaseCatalog } from "@/services/insurance/search-case-catalog";
import { uploadCatalog } from "@/services/insurance/upload-catalog";

// Insurance intake: settings, brokers and the profile wizard, insurers/catalogs/templates, cases and the review
// table. Files arrive as FormData ("file") and become plain objects before the schema sees them.

const LAYOUT = ["/insurance"];
const id = z.string().min(1).max(100);
const file = z.object({ filename: z.string().trim().min(1).max(300), content: z.instanceof(Uint8Array) });

// ———————————————————————————————————————————————————————————— settings, brokers, the profile wizard

export const saveInsuranceSettingsAction = workspaceAction(
  {
    name: "saveInsuranceSettings",
    role: "admin",
    schema: z.object({ cotPrefix: z.string().trim().min(1).max(20), autoThreshold: z.number().min(0).max(1), reviewThreshold: z.number().min(0).max(1) }),
    revalidateLayout: LAYOUT,
  },
  async (input, ctx) => saveInsuranceSettings(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input }),
);

export const saveBrokerAction = workspaceAction(
  {
    name: "saveBroker",
    role: "member",
    schema: z.object({ id: id.optional(), name: z.string().trim().min(1, "Give the broker a name.").max(200), emailDomains: z.array(z.string().max(253)).max(20) }),
    revalidateLayout: LAYOUT,
  },
  async (input, ctx) => {
    const b = await saveBroker(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input });
    return { id: b.id, name: b.name, emailDomains: b.emailDomains };
  },
);

/** Wizard steps 2 and 3. FormData: file (or documentId) and, for step 3, profile (JSON). */
export const analyzeProfileSampleAction = workspaceAction(
  {
    name: "analyzeProfileSample",
    role: "member",
    lock: false, // reads a sample (and asks OpenAI when on); writes nothing
    schema: z.object({
      /** The sample: an uploaded file, or a document already in the workspace (an email attachment). */
      file: file.optional(),
      documentId: id.optional(),
      /** Step 3: the profile being built; without it, step 2's suggestion is made. */
      profile: z.unknown().optional(),
    }),
    form: async (form) => ({ file: await fileField(form, "file"), documentId: textField(form, "documentId"), profile: jsonField(form, "profile") }),
  },
  async (input, ctx) => analyzeProfileSample(ctx.db, { workspaceId: ctx.workspaceId }, input),
);

export const saveBrokerProfileAction = workspaceAction(
  {
    name: "saveBrokerProfile",
    role: "member",
    schema: z.object({
      brokerId: id,
      profile: z.unknown(),
      sampleFilename: z.string().max(300).optional(),
      /** Match this case again with the new version (the wizard opened from a case). */
      rematchCaseId: id.optional(),
    }),
    revalidateLayout: LAYOUT,
  },
  async (input, ctx) => saveBrokerProfile(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId }, input),
);

// ———————————————————————————————————————————————————————————— insurers, templates, catalogs

export const createInsurerAction = workspaceAction(
  { name: "createInsurer", role: "admin", schema: z.object({ name: z.string().trim().min(1, "Give the insurer a name.").max(200) }), revalidateLayout: LAYOUT },
  async (input, ctx) => {
    const i = await createInsurer(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, name: input.name });
    return { id: i.id, name: i.name };
  },
);

export const saveQuoteTemplateAction = workspaceAction(
  {
    name: "saveQuoteTemplate",
    role: "admin",
    schema: z.object({
      insurerId: id,
      name: z.string().max(100).default("Gcotiza"),
      sheetName: z.string().max(31),
      columns: z.array(quoteColumnSchema).min(1, "A template needs at least one column.").max(100),
    }),
    revalidateLayout: LAYOUT,
  },
  async (input, ctx) => ({ id: (await saveQuoteTemplate(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input })).id }),
);

/** FormData: insurerId, file. Stored, then imported in the background. */
export const uploadCatalogAction = workspaceAction(
  {
    name: "uploadCatalog",
    role: "admin",
    schema: z.object({ insurerId: id, file }),
    form: async (form) => ({ insurerId: textField(form, "insurerId"), file: await fileField(form, "file") }),
    revalidateLayout: LAYOUT,
  },
  async (input, ctx) => uploadCatalog(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId }, input),
);

export const activateCatalogAction = workspaceAction(
  { name: "activateCatalog", role: "admin", schema: z.object({ catalogId: id }), revalidateLayout: LAYOUT },
  async (input, ctx) => {
    const c = await activateCatalog(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, catalogId: input.catalogId });
    return { id: c.id, version: c.version };
  },
);

/** (Re)build a catalog's embeddings for lookup by meaning (OpenAI on). */
export const buildCatalogEmbeddingsAction = workspaceAction(
  { name: "buildCatalogEmbeddings", role: "admin", schema: z.object({ catalogId: id }), revalidateLayout: LAYOUT },
  async (input, ctx) => buildCatalogEmbeddings(ctx.db, { workspaceId: ctx.workspaceId, catalogId: input.catalogId }),
);

// ———————————————————————————————————————————————————————————— cases

export const createCaseFromDocumentAction = workspaceAction(
  { name: "createCaseFromDocument", role: "member", schema: z.object({ documentId: id }), revalidate: ["/documents"], revalidateLayout: LAYOUT },
  async (input, ctx) => createCaseFromDocument(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, documentId: input.documentId }),
);

/** FormData: file, optional brokerId and insurerId. */
export const createCaseFromUploadAction = workspaceAction(
  {
    name: "createCaseFromUpload",
    role: "member",
    schema: z.object({ file, brokerId: id.optional(), insurerId: id.optional() }),
    form: async (form) => ({ file: await fileField(form, "file"), brokerId: textField(form, "brokerId"), insurerId: textField(form, "insurerId") }),
    revalidateLayout: LAYOUT,
  },
  async (input, ctx) => createCaseFromUpload(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId }, input),
);

export const createCaseFromMessageAction = workspaceAction(
  { name: "createCaseFromMessage", role: "member", schema: z.object({ messageId: id, documentId: id.optional() }), revalidateLayout: [...LAYOUT, "/inbox"] },
  async (input, ctx) => createCasesFromMessage(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input }),
);

export const rematchCaseAction = workspaceAction(
  { name: "rematchCase", role: "member", schema: z.object({ caseId: id, brokerId: id.optional() }), revalidateLayout: LAYOUT },
  async (input, ctx) => rematchCase(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input }),
);

// ———————————————————————————————————————————————————————————— review

const seenRow = z.object({ code: z.string().max(40).nullable(), review: z.enum(["accepted", "corrected", "rejected"]).nullable() });

export const acceptFleetRowsAction = workspaceAction(
  {
    name: "acceptFleetRows",
    role: "member",
    schema: z.object({
      caseId: id,
      /** The rows picked on the page (Accept selected, the a key); none: every undecided proposal of the case. */
      rowIds: z.array(id).max(5000).optional(),
      /** The set of use-conflict rows the reviewer saw and confirmed, as the last answer gave it (any number of rows). */
      confirmUse: z.object({ count: z.number().int().min(1), digest: z.string().length(32) }).optional(),
      /** When the reviewer's page was read: rows someone else decided since are left and named. */
      since: z.coerce.date().optional(),
    }),
    revalidateLayout: LAYOUT,
  },
  async (input, ctx) => acceptFleetRows(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input }),
);

export const correctFleetRowAction = workspaceAction(
  {
    name: "correctFleetRow",
    role: "member",
    schema: z.object({
      caseId: id,
      rowId: id,
      code: z.string().trim().min(1).max(40).nullable(),
      /** The use conflict the reviewer saw and confirmed (the broker's and the catalog's values), when the pick has one. */
      confirmUse: z.object({ broker: z.string().max(200), catalog: z.string().max(200) }).nullable().optional(),
      /** The row as the reviewer's page showed it (code and review decision): an answer someone gave since is not written over. */
      seen: seenRow.optional(),
    }),
    revalidateLayout: LAYOUT,
  },
  async (input, ctx) => correctFleetRow(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input }),
);

/** The catalog search dialog of the review table. */
export const searchCatalogAction = workspaceAction(
  { name: "searchCatalog", role: "viewer", lock: false /* reads only */, schema: z.object({ caseId: id, rowId: id.optional(), query: z.string().max(200) }) },
  async (input, ctx) => searchCaseCatalog(ctx.db, { workspaceId: ctx.workspaceId, ...input }),
);
