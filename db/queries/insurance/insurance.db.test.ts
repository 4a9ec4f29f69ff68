import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, Db } from "@/db/client";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { generateCatalog, toCatalogEntries } from "@/lib/insurance/fixtures/generate-catalog";
import { catalogs, insuranceCases } from "@/db/schema";
import { findBrokerByEmail, listBrokers, saveBroker, saveBrokerProfile } from "@/db/queries/insurance/brokers";
import { createCase, listCases, requireCase } from "@/db/queries/insurance/cases";
import {
  activateCatalog,
  createCatalog,
  importCatalogEntries,
  searchCatalog,
  setCatalogImportState,
} from "@/db/queries/insurance/catalogs";
import { insuranceDashboard } from "@/db/queries/insurance/dashboard";
import { createInsurer } from "@/db/queries/insurance/insurers";
import { getInsuranceSettings, saveInsuranceSettings, takeCotNumber } from "@/db/queries/insurance/settings";

// Insurance queries on a real engine: COT numbers gapless and unique under parallel creation (the assertion
// that matters runs on PostgreSQL, where the creations really overlap), workspace scoping, catalog versions.

let database: Database;
let db: Db;
let ws: string;
let otherWs: string;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  ({ userId, workspaceId: ws } = await createTestUser(db, "owner@ins-queries.test"));
  otherWs = (await createTestUser(db, "owner@other-ins.test")).workspaceId;
});

afterAll(async () => database?.close());

const newCase = (workspaceId: string, i: number, now = new Date("2026-03-02T10:00:00Z")) =>
  createCase(db, { workspaceId, actorId: null, filename: `f${i}.xlsx`, documentId: null, now });

describe("COT numbers", () => {
  it("are PREFIX-YEAR-SEQUENCE, per workspace and per year, with the configured prefix", async () => {
    const a = await newCase(ws, 1);
    expect(a.cotNumber).toBe("COT-2026-000001");
    await saveInsuranceSettings(db, { workspaceId: ws, actorId: userId, cotPrefix: "gnp-mx", autoThreshold: 0.92, reviewThreshold: 0.4 });
    expect(await getInsuranceSettings(db, { workspaceId: ws })).toMatchObject({ cotPrefix: "GNP-MX", autoThreshold: 0.92 });
    const b = await newCase(ws, 2);
    expect(b.cotNumber).toBe("GNP-MX-2026-000002");
    expect((await newCase(otherWs, 3)).cotNumber).toBe("COT-2026-000001");
    expect((await newCase(ws, 4, new Date("2027-01-01T00:00:01Z"))).cotNumber).toBe("GNP-MX-2027-000001");
  });

  it("refuses a prefix the format cannot carry, and thresholds out of order", async () => {
    await expect(saveInsuranceSettings(db, { workspaceId: ws, actorId: userId, cotPrefix: "COT 2", autoThreshold: 0.9, reviewThreshold: 0.5 })).rejects.toThrow(/letters and digits/);
    await expect(saveInsuranceSettings(db, { workspaceId: ws, actorId: userId, cotPrefix: "COT", autoThreshold: 0.5, reviewThreshold: 0.6 })).rejects.toThrow(/review < auto/);
  });

  it("stay unique and gapless under parallel creation", async () => {
    const before = (await db.select().from(insuranceCases).where(and(eq(insuranceCases.workspaceId, ws), eq(insuranceCases.cotYear, 2026)))).length;
    const made = await Promise.all(Array.from({ length: 24 }, (_, i) => newCase(ws, 100 + i)));
    const seqs = made.map((c) => c.cotSeq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 24 }, (_, i) => before + 1 + i));
    expect(new Set(made.map((c) => c.cotNumber)).size).toBe(24);
  });

  it("give a number back when the creating transaction rolls back", async () => {
    const all = await db.select({ seq: insuranceCases.cotSeq }).from(insuranceCases).where(and(eq(insuranceCases.workspaceId, ws), eq(insuranceCases.cotYear, 2026)));
    const last = Math.max(...all.map((r) => r.seq));
    await expect(
      db.transaction(async (tx) => {
        const taken = await takeCotNumber(tx, { workspaceId: ws, year: 2026, prefix: "COT" });
        expect(taken.seq).toBe(last + 1);
        throw new Error("insert failed");
      }),
    ).rejects.toThrow("insert failed");
    expect((await newCase(ws, 999)).cotSeq).toBe(last + 1);
  });
});

describe("workspace scoping", () => {
  it("keeps brokers, sender domains and cases inside their workspace", async () => {
    const b = await saveBroker(db, { workspaceId: ws, actorId: userId, name: "Agente Norte", emailDomains: ["Ventas@AgenteNorte.MX", "agentenorte.mx"] });
    expect(b.emailDomains).toEqual(["agentenorte.mx"]);
    expect((await findBrokerByEmail(db, { workspaceId: ws, address: "Luis <luis@cotiza.agentenorte.mx>" }))?.id).toBe(b.id);
    expect(await findBrokerByEmail(db, { workspaceId: otherWs, address: "luis@agentenorte.mx" })).toBeNull();
    expect(await listBrokers(db, { workspaceId: otherWs })).toEqual([]);
    await expect(saveBroker(db, { workspaceId: ws, actorId: userId, name: "Otro", emailDomains: ["agentenorte.mx"] })).rejects.toThrow(/already belongs to Agente Norte/);
    await expect(saveBroker(db, { workspaceId: ws, actorId: userId, name: "X", emailDomains: ["not a domain"] })).rejects.toThrow(/not an email domain/);
    const c = await createCase(db, { workspaceId: ws, actorId: userId, filename: "a.xlsx", documentId: null, senderAddress: "luis@agentenorte.mx" });
    expect(c.brokerId).toBe(b.id);
    await expect(requireCase(db, { workspaceId: otherWs, caseId: c.id })).rejects.toThrow(/No such case/);
    expect((await listCases(db, { workspaceId: otherWs })).map((x) => x.id)).not.toContain(c.id);
    // another workspace's broker cannot be attached to a case or given a profile
    await expect(createCase(db, { workspaceId: otherWs, actorId: null, filename: "x.xlsx", documentId: null, brokerId: b.id })).rejects.toThrow(/No such broker/);
    await expect(
      saveBrokerProfile(db, { workspaceId: otherWs, actorId: userId, brokerId: b.id, rules: { columns: [{ header: "MARCA", field: "brand" }] } }),
    ).rejects.toThrow(/No such broker/);
  });

  it("versions profiles per broker and rejects invalid rules with the field named", async () => {
    const b = await saveBroker(db, { workspaceId: ws, actorId: userId, name: "Versionado", emailDomains: [] });
    const p1 = await saveBrokerProfile(db, { workspaceId: ws, actorId: userId, brokerId: b.id, rules: { columns: [{ header: "MARCA", field: "brand" }] } });
    const p2 = await saveBrokerProfile(db, { workspaceId: ws, actorId: userId, brokerId: b.id, rules: { columns: [{ header: "MARCA", field: "brand" }, { header: "AÑO", field: "year" }] } });
    expect([p1.version, p2.version]).toEqual([1, 2]);
    expect(p2.rules.headerRow).toBe("auto");
    await expect(saveBrokerProfile(db, { workspaceId: ws, actorId: userId, brokerId: b.id, rules: { columns: [] } })).rejects.toThrow(/columns/);
  });
});

describe("catalogs", () => {
  it("keep one active version per insurer, search by trigram within their own workspace", async () => {
    const insurer = await createInsurer(db, { workspaceId: ws, actorId: userId, name: "Aseguradora Uno" });
    const entries = toCatalogEntries(generateCatalog({ seed: 3, size: 1500 }));
    const v1 = await createCatalog(db, { workspaceId: ws, actorId: userId, insurerId: insurer.id, filename: "v1.csv", blobKey: null });
    await expect(activateCatalog(db, { workspaceId: ws, actorId: userId, catalogId: v1.id })).rejects.toThrow(/once its import has finished/);
    const progress: number[] = [];
    await importCatalogEntries(db, { workspaceId: ws, catalogId: v1.id, entries, errors: [{ row: 7, message: "year is empty" }], onBatch: (n) => void progress.push(n) });
    expect(progress).toEqual([1000, 1500]);
    await setCatalogImportState(db, { workspaceId: ws, catalogId: v1.id, state: "imported" });
    await activateCatalog(db, { workspaceId: ws, actorId: userId, catalogId: v1.id });
    const v2 = await createCatalog(db, { workspaceId: ws, actorId: userId, insurerId: insurer.id, filename: "v2.csv", blobKey: null });
    expect(v2.version).toBe(2);
    await importCatalogEntries(db, { workspaceId: ws, catalogId: v2.id, entries: entries.slice(0, 10), errors: [] });
    await setCatalogImportState(db, { workspaceId: ws, catalogId: v2.id, state: "imported" });
    await activateCatalog(db, { workspaceId: ws, actorId: userId, catalogId: v2.id });
    const states = await db.select({ version: catalogs.version, status: catalogs.status }).from(catalogs).where(eq(catalogs.insurerId, insurer.id));
    expect(states.sort((a, b) => a.version - b.version)).toEqual([
      { version: 1, status: "archived" },
      { version: 2, status: "active" },
    ]);

    const target = entries[500];
    const hits = await searchCatalog(db, { workspaceId: ws, catalogId: v1.id, query: `${target.brand} ${target.model} ${target.version} ${target.year}` });
    expect(hits[0]?.code).toBe(target.code);
    expect(hits.every((h) => h.year === target.year)).toBe(true);
    // a whole description as a broker wrote it (what the dialog is prefilled with), in other words than the catalog's
    const long = await searchCatalog(db, { workspaceId: ws, catalogId: v1.id, query: `${target.brand} ${target.model} ${target.year} ${target.description}` });
    expect(long.map((h) => h.code)).toContain(target.code);
    const byCode = await searchCatalog(db, { workspaceId: ws, catalogId: v1.id, query: target.code });
    expect(byCode[0].code).toBe(target.code);
    expect(await searchCatalog(db, { workspaceId: otherWs, catalogId: v1.id, query: target.model })).toEqual([]);
  });
});

describe("dashboard", () => {
  it("counts cases per week by broker and times email → quote export", async () => {
    const b = await saveBroker(db, { workspaceId: otherWs, actorId: null as unknown as string, name: "Semanal", emailDomains: ["semanal.mx"] });
    const received = new Date("2026-05-04T09:00:00Z"); // a Monday
    const c1 = await createCase(db, { workspaceId: otherWs, actorId: null, filename: "a.xlsx", documentId: null, brokerId: b.id, receivedAt: received, now: received });
    await createCase(db, { workspaceId: otherWs, actorId: null, filename: "b.xlsx", documentId: null, receivedAt: new Date("2026-05-12T09:00:00Z"), now: received });
    await db.update(insuranceCases).set({ exportedAt: new Date(received.getTime() + 3 * 3_600_000), autoCount: 8, reviewCount: 2 }).where(eq(insuranceCases.id, c1.id));
    const d = await insuranceDashboard(db, { workspaceId: otherWs, since: new Date("2026-05-01T00:00:00Z") });
    expect(d.perWeek).toEqual([
      { week: "2026-05-04", broker: "Semanal", n: 1 },
      { week: "2026-05-11", broker: "Unknown sender", n: 1 },
    ]);
    expect(d.shares).toEqual({ auto: 8, review: 2, noMatch: 0 });
    expect(d.exported).toBe(1);
    expect(d.medianHours).toBeCloseTo(3, 5);
    expect((await insuranceDashboard(db, { workspaceId: ws, since: new Date("2026-05-01T00:00:00Z") })).perWeek.some((r) => r.broker === "Semanal")).toBe(false);
  });
});
