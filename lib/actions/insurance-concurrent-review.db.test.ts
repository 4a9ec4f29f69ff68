import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { saveBroker, saveBrokerProfile } from "@/db/queries/insurance/brokers";
import { createCase, finishCaseMatching } from "@/db/queries/insurance/cases";
import { activateCatalog, createCatalog, importCatalogEntries, setCatalogImportState } from "@/db/queries/insurance/catalogs";
import { correctFleetRow } from "@/db/queries/insurance/fleet-row-review";
import { startCaseRows } from "@/db/queries/insurance/fleet-rows";
import { createInsurer } from "@/db/queries/insurance/insurers";
import { auditEvents, fleetRows } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { heldTransaction, settlesWithin } from "@/db/testing/race";
import { twoMembers } from "@/db/testing/users";
import { executeAction } from "@/lib/action";
import { acceptFleetRowsAction, correctFleetRowAction } from "./insurance";

// Two reviewers on one case. An answer for a row carries the row as its page showed it (`seen`), a bulk accept the
// time its page was read (`since`): a row someone else answered meanwhile is not written over but refused (one row)
// or left and named (bulk), with who, what and when. Answers for one row take turns on its locked row (PostgreSQL
// only: two connections are needed to interleave them).
// The confirmation of a bulk accept's use-conflict rows is one set (count + digest), not a list of ids: it works for
// any number of rows, and accepts exactly the set the reviewer saw.

const onPostgres = process.env.DOCKET_TEST_ENGINE === "postgres";

let database: Database;
let n = 0;
const db = () => database.db;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const PROPOSED = "0101201";
const OTHER = "0101202";
const CARGO = "0101203";

/**
 * Ana and Ben, members of one workspace with a case in review: `rows` proposals of code 0101201 (rows "1", "2", …),
 * the broker's use PARTICULAR; `cargo` more rows proposed 0101203, whose catalog use is CARGA (a use conflict).
 */
async function twoReviewers(rows: number, cargo = 0) {
  const tag = `r${++n}`;
  const { ws, ana, ben, as } = await twoMembers(db(), tag);
  const insurer = await createInsurer(db(), { workspaceId: ws, actorId: ana.userId, name: "Seguros" });
  const catalog = await createCatalog(db(), { workspaceId: ws, actorId: ana.userId, insurerId: insurer.id, filename: "c.csv", blobKey: null });
  const entry = { brand: "NISSAN", model: "VERSA", year: 2020, body: "SEDAN", use: "PARTICULAR" };
  await importCatalogEntries(db(), {
    workspaceId: ws,
    catalogId: catalog.id,
    entries: [
      { ...entry, code: PROPOSED, version: "SENSE STD", description: "VERSA SENSE STD" },
      { ...entry, code: OTHER, version: "ADVANCE AUT", description: "VERSA ADVANCE AUT" },
      { ...entry, code: CARGO, model: "NP300", body: "PICKUP", use: "CARGA", version: "CHASIS", description: "NP300 CHASIS" },
    ],
    errors: [],
  });
  await setCatalogImportState(db(), { workspaceId: ws, catalogId: catalog.id, state: "imported" });
  await activateCatalog(db(), { workspaceId: ws, actorId: ana.userId, catalogId: catalog.id });
  const broker = await saveBroker(db(), { workspaceId: ws, actorId: ana.userId, name: "Agente", emailDomains: [`${tag}.mx`] });
  const profile = await saveBrokerProfile(db(), { workspaceId: ws, actorId: ana.userId, brokerId: broker.id, rules: { columns: [{ header: "MARCA", field: "brand" }] } });
  const c = await createCase(db(), { workspaceId: ws, actorId: ana.userId, filename: "flotilla.xlsx", documentId: null, brokerId: broker.id, insurerId: insurer.id });
  const total = rows + cargo;
  await startCaseRows(db(), {
    workspaceId: ws, caseId: c.id, generation: c.generation, catalogId: catalog.id, profileId: profile.id, profileVersion: profile.version,
    rows: Array.from({ length: total }, (_, i) => ({
      rowNumber: i + 2,
      sourceId: String(i + 1),
      raw: {},
      canonical: i < rows ? { brand: "NISSAN", model: "VERSA", year: 2020, description: "SENSE", use: "PARTICULAR" } : { brand: "NISSAN", model: "NP300", year: 2020, description: "CHASIS", use: "PARTICULAR" },
    })),
    errors: [],
  });
  // matched as proposals, in one statement (the matcher's own work is covered elsewhere)
  await db().execute(sql`
    update ${fleetRows} set matched = true, decision = 'review', confidence = 0.7, candidates = '[]'::jsonb, attributes = '{"trim": []}'::jsonb,
      machine_code = case when position <= ${rows} then ${PROPOSED} else ${CARGO} end
    where case_id = ${c.id}`);
  await finishCaseMatching(db(), { workspaceId: ws, caseId: c.id, generation: c.generation });
  const ids = (await db().select({ id: fleetRows.id }).from(fleetRows).where(eq(fleetRows.caseId, c.id)).orderBy(asc(fleetRows.position))).map((r) => r.id);
  return { ws, ana, ben, as, caseId: c.id, ids, row: (sourceId: number) => ids[sourceId - 1] };
}

const rowOf = async (id: string) => (await db().select().from(fleetRows).where(eq(fleetRows.id, id)))[0];
const proposed = { code: null, review: null };
const tick = () => new Promise((r) => setTimeout(r, 5));

describe("two reviewers answering one row", () => {
  it("refuses an answer for a row someone answered since the page showed it, naming them, their code and the time", async () => {
    const t = await twoReviewers(2);
    // both pages show row 1 proposed; Ana picks another code first
    const ana = await executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(1), code: OTHER, seen: proposed }, t.as(t.ana), db());
    expect(ana).toMatchObject({ ok: true, data: { saved: true, decision: "corrected" } });
    const late = await executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(1), code: null, seen: proposed }, t.as(t.ben), db());
    expect(late).toMatchObject({ ok: false, code: "conflict" });
    expect(!late.ok && late.error).toMatch(
      /^Ana Ruiz changed row 1's code to 0101202 at \d\d:\d\d UTC while you were reviewing; your "not in the catalog" was not saved\. The page now shows theirs: pick again to replace it\.$/,
    );
    expect(await rowOf(t.row(1))).toMatchObject({ code: OTHER, reviewDecision: "corrected", reviewedBy: t.ana.userId });
    // a pick of the proposed code is refused the same way, naming what Ana did
    const accept = await executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(1), code: PROPOSED, seen: proposed }, t.as(t.ben), db());
    expect(!accept.ok && accept.error).toMatch(/^Ana Ruiz changed row 1's code to 0101202 at .*; your code 0101201 was not saved/);
    // from the page that now shows Ana's answer, Ben's goes through
    const again = await executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(1), code: null, seen: { code: OTHER, review: "corrected" } }, t.as(t.ben), db());
    expect(again).toMatchObject({ ok: true, data: { saved: true, decision: "rejected" } });
    expect(await rowOf(t.row(1))).toMatchObject({ code: null, reviewDecision: "rejected", reviewedBy: t.ben.userId });
  });

  it("lets through the reviewer's own earlier answer the page had not shown yet, the same answer, and a client without `seen`", async () => {
    const t = await twoReviewers(2);
    expect(await executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(1), code: OTHER, seen: proposed }, t.as(t.ben), db())).toMatchObject({ ok: true });
    // Ben answers again from the same page: his own answer, his to replace
    expect(await executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(1), code: PROPOSED, seen: proposed }, t.as(t.ben), db())).toMatchObject({
      ok: true,
      data: { saved: true, decision: "accepted" },
    });
    // Ana gives the answer the row already has: nothing of Ben's is written over
    expect(await executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(1), code: PROPOSED, seen: proposed }, t.as(t.ana), db())).toMatchObject({ ok: true });
    expect(await executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(1), code: null }, t.as(t.ana), db())).toMatchObject({ ok: true });
    expect(await rowOf(t.row(1))).toMatchObject({ reviewDecision: "rejected" });
  });

  it("refuses one row's accept (the a key) when someone answered it after the page was read", async () => {
    const t = await twoReviewers(2);
    const since = new Date();
    await tick();
    await executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(2), code: null, seen: proposed }, t.as(t.ana), db());
    const late = await executeAction(acceptFleetRowsAction, { caseId: t.caseId, rowIds: [t.row(2)], since }, t.as(t.ben), db());
    expect(late).toMatchObject({ ok: false, code: "conflict" });
    expect(!late.ok && late.error).toMatch(
      /^Ana Ruiz marked row 2 as not in the catalog at \d\d:\d\d UTC while you were reviewing; the proposed code was not accepted\. The page now shows theirs/,
    );
    expect(await rowOf(t.row(2))).toMatchObject({ reviewDecision: "rejected", reviewedBy: t.ana.userId });
  });

  it("bulk accept leaves the rows someone else answered after the page was read and names them (not one's own, not older ones)", async () => {
    const t = await twoReviewers(6);
    await executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(1), code: OTHER }, t.as(t.ana), db()); // before the page was read
    await tick();
    const since = new Date();
    await tick();
    await executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(3), code: OTHER, seen: proposed }, t.as(t.ana), db());
    await executeAction(acceptFleetRowsAction, { caseId: t.caseId, rowIds: [t.row(5)], since }, t.as(t.ana), db());
    await executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(6), code: null, seen: proposed }, t.as(t.ben), db()); // Ben's own
    const r = await executeAction(acceptFleetRowsAction, { caseId: t.caseId, since }, t.as(t.ben), db());
    expect(r).toMatchObject({ ok: true, data: { accepted: 2, status: "ready" } });
    expect(r.ok && r.data.changedMeanwhile.map((c) => [c.sourceId, c.what.replace(/\d\d:\d\d/, "hh:mm")])).toEqual([
      ["3", "Ana Ruiz changed row 3's code to 0101202 at hh:mm UTC"],
      ["5", "Ana Ruiz accepted row 5's proposed code 0101201 at hh:mm UTC"],
    ]);
    expect(await rowOf(t.row(3))).toMatchObject({ code: OTHER, reviewDecision: "corrected", reviewedBy: t.ana.userId });
    expect(await rowOf(t.row(2))).toMatchObject({ code: PROPOSED, reviewDecision: "accepted", reviewedBy: t.ben.userId });
    // Accept selected names them too
    const sel = await executeAction(acceptFleetRowsAction, { caseId: t.caseId, rowIds: [t.row(3), t.row(4)], since }, t.as(t.ben), db());
    expect(sel).toMatchObject({ ok: true, data: { accepted: 0, changedMeanwhile: [{ sourceId: "3" }] } });
  });
});

describe("confirming the use conflicts of a bulk accept of any size", () => {
  it("confirms 7,500 rows as one set (no ids sent), accepting exactly the set the reviewer saw", async () => {
    const t = await twoReviewers(3, 7_500);
    const since = new Date();
    await tick();
    const first = await executeAction(acceptFleetRowsAction, { caseId: t.caseId, since }, t.as(t.ben), db());
    expect(first).toMatchObject({ ok: true, data: { accepted: 3, status: "review", useConflictSet: { count: 7_500 }, useConflictsChanged: false } });
    if (!first.ok) return;
    expect(first.data.useConflicts).toHaveLength(500);
    expect(first.data.useConflicts[0]).toMatchObject({ sourceId: "4", useConflict: { code: CARGO, broker: "PARTICULAR", catalog: "CARGA" } });
    const seen = first.data.useConflictSet!;
    // meanwhile Ana answers one of those rows: the set Ben saw is not there any more, so none is accepted on it
    await executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(10), code: OTHER, seen: proposed }, t.as(t.ana), db());
    const stale = await executeAction(acceptFleetRowsAction, { caseId: t.caseId, confirmUse: seen, since }, t.as(t.ben), db());
    expect(stale).toMatchObject({ ok: true, data: { accepted: 0, useConflictsChanged: true, useConflictSet: { count: 7_499 }, changedMeanwhile: [{ sourceId: "10" }] } });
    const [{ left }] = await db().select({ left: sql<number>`count(*)::int` }).from(fleetRows).where(and(eq(fleetRows.caseId, t.caseId), sql`${fleetRows.reviewDecision} is null`));
    expect(left).toBe(7_499);
    // confirmed on the set the answer now shows: every one of them accepted, the confirmation in each row's audit
    const confirmUse = stale.ok ? stale.data.useConflictSet! : undefined;
    const done = await executeAction(acceptFleetRowsAction, { caseId: t.caseId, confirmUse }, t.as(t.ben), db());
    expect(done).toMatchObject({ ok: true, data: { accepted: 7_499, status: "ready", useConflicts: [], useConflictSet: null } });
    expect(await rowOf(t.row(10))).toMatchObject({ code: OTHER, reviewDecision: "corrected" });
    expect(await rowOf(t.row(7_503))).toMatchObject({ code: CARGO, reviewDecision: "accepted", reviewedBy: t.ben.userId });
    const [{ audited }] = await db()
      .select({ audited: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.workspaceId, t.ws), eq(auditEvents.action, "fleet_row.accepted"), sql`${auditEvents.after} ? 'useConflictConfirmed'`));
    expect(audited).toBe(7_499);
  });
});

describe.runIf(onPostgres)("two reviewers at the same moment (two connections)", () => {
  it("an answer for a row waits for another reviewer's answer in flight, then is refused naming them", async () => {
    const t = await twoReviewers(2);
    const first = heldTransaction(db(), (tx) => correctFleetRow(tx, { workspaceId: t.ws, actorId: t.ana.userId, caseId: t.caseId, rowId: t.row(1), code: OTHER, seen: proposed }));
    await first.inFlight;
    const second = executeAction(correctFleetRowAction, { caseId: t.caseId, rowId: t.row(1), code: null, seen: proposed }, t.as(t.ben), db());
    // before the lock, the second read the row as it was before the first, and wrote over it once the first committed
    expect(await settlesWithin(second, 400)).toBe(false);
    first.release();
    await first.done;
    const r = await second;
    expect(r).toMatchObject({ ok: false, code: "conflict" });
    expect(!r.ok && r.error).toMatch(/^Ana Ruiz changed row 1's code to 0101202/);
    expect(await rowOf(t.row(1))).toMatchObject({ code: OTHER, reviewDecision: "corrected", reviewedBy: t.ana.userId });
  });

  it("Accept all waits for an answer in flight, leaves that row standing and names it", async () => {
    const t = await twoReviewers(4);
    const since = new Date();
    await tick();
    const first = heldTransaction(db(), (tx) => correctFleetRow(tx, { workspaceId: t.ws, actorId: t.ana.userId, caseId: t.caseId, rowId: t.row(2), code: OTHER, seen: proposed }));
    await first.inFlight;
    const all = executeAction(acceptFleetRowsAction, { caseId: t.caseId, since }, t.as(t.ben), db());
    expect(await settlesWithin(all, 400)).toBe(false);
    first.release();
    await first.done;
    expect(await all).toMatchObject({ ok: true, data: { accepted: 3, status: "ready", changedMeanwhile: [{ sourceId: "2" }] } });
    expect(await rowOf(t.row(2))).toMatchObject({ code: OTHER, reviewDecision: "corrected", reviewedBy: t.ana.userId });
  });
});
