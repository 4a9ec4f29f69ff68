import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { brokerProfiles, brokers, catalogs, fleetRows, insuranceCases, insuranceSettings, matchAliases, quoteTemplates } from "@/db/schema";
import { saveBroker, saveBrokerProfile } from "@/db/queries/insurance/brokers";
import { createCase, finishCaseMatching } from "@/db/queries/insurance/cases";
import {
  activateCatalog,
  createCatalog,
  importCatalogEntries,
  setCatalogImportState,
} from "@/db/queries/insurance/catalogs";
import { saveMatchResults, startCaseRows } from "@/db/queries/insurance/fleet-rows";
import { createInsurer } from "@/db/queries/insurance/insurers";

// A victim workspace's insurance data for the isolation suite: an insurer with an active catalog and a
// template, a broker with a profile, and a matched case with rows waiting for review.

export interface InsuranceWorld {
  insurerId: string;
  catalogId: string;
  brokerId: string;
  caseId: string;
  rowId: string;
  messageId: string | null;
  before: Awaited<ReturnType<typeof insuranceSnapshot>>;
}

export async function insuranceSnapshot(db: Db, workspaceId: string) {
  const by = <T extends { workspaceId: string }>(rows: T[]) => rows.filter((r) => r.workspaceId === workspaceId);
  return {
    settings: by(await db.select().from(insuranceSettings)),
    brokers: by(await db.select().from(brokers)),
    profiles: by(await db.select().from(brokerProfiles)),
    catalogs: by(await db.select().from(catalogs)),
    templates: by(await db.select().from(quoteTemplates)),
    cases: by(await db.select().from(insuranceCases).orderBy(asc(insuranceCases.cotSeq))),
    rows: by(await db.select().from(fleetRows).orderBy(asc(fleetRows.position))),
    aliases: by(await db.select().from(matchAliases)),
  };
}

export async function insuranceWorld(db: Db, q: { workspaceId: string; ownerId: string }): Promise<InsuranceWorld> {
  const { workspaceId, ownerId } = q;
  const insurer = await createInsurer(db, { workspaceId, actorId: ownerId, name: "Victim Insurer" });
  const catalog = await createCatalog(db, { workspaceId, actorId: ownerId, insurerId: insurer.id, filename: "victim.csv", blobKey: null });
  const entry = { code: "0101201", brand: "NISSAN", model: "VERSA", version: "SENSE STD", year: 2020, body: "SEDAN", use: "PARTICULAR", description: "VERSA SENSE STD" };
  await importCatalogEntries(db, { workspaceId, catalogId: catalog.id, entries: [entry, { ...entry, code: "0101202", version: "ADVANCE AUT", description: "VERSA ADVANCE AUT" }], errors: [] });
  await setCatalogImportState(db, { workspaceId, catalogId: catalog.id, state: "imported" });
  await activateCatalog(db, { workspaceId, actorId: ownerId, catalogId: catalog.id });
  const broker = await saveBroker(db, { workspaceId, actorId: ownerId, name: "Victim Broker", emailDomains: ["victim-broker.mx"] });
  const profile = await saveBrokerProfile(db, { workspaceId, actorId: ownerId, brokerId: broker.id, rules: { columns: [{ header: "MARCA", field: "brand" }] } });
  const c = await createCase(db, { workspaceId, actorId: ownerId, filename: "victim.xlsx", documentId: null, brokerId: broker.id, insurerId: insurer.id });
  await startCaseRows(db, {
    workspaceId, caseId: c.id, generation: c.generation, catalogId: catalog.id, profileId: profile.id, profileVersion: profile.version,
    rows: [{ rowNumber: 2, sourceId: "1", raw: { MARCA: "NISSAN" }, canonical: { brand: "NISSAN", model: "VERSA", year: 2020, description: "SENSE" } }],
    errors: [],
  });
  const [row] = await db.select().from(fleetRows).where(eq(fleetRows.caseId, c.id));
  await saveMatchResults(db, {
    workspaceId, caseId: c.id, generation: c.generation,
    matches: [{ id: row.id, aliasId: null, catalogDescription: "NISSAN VERSA SENSE STD", result: { code: "0101201", confidence: 0.7, decision: "review", candidates: [], attributes: { trim: [] } } }],
  });
  await finishCaseMatching(db, { workspaceId, caseId: c.id, generation: c.generation });
  await db.insert(matchAliases).values({ workspaceId, brokerId: broker.id, rowKey: "NISSAN VERSA 2020 SENSE", label: "NISSAN VERSA 2020 SENSE", code: "0101201", createdBy: ownerId });
  return { insurerId: insurer.id, catalogId: catalog.id, brokerId: broker.id, caseId: c.id, rowId: row.id, messageId: null, before: await insuranceSnapshot(db, workspaceId) };
}
