import type { SeedContext } from "./index";
import { buildEmlFromManualEntry } from "@/lib/intake/eml";
import { catalogToCsv, parseCatalog } from "@/lib/insurance/catalog";
import { generateCatalog, toCatalogEntries } from "@/lib/insurance/fixtures/generate-catalog";
import { generateNoisyRows } from "@/lib/insurance/fixtures/generate-rows";
import { brokerAWorkbook, brokerBWorkbook, sampleVehicles } from "@/lib/insurance/fixtures/sample-spreadsheets";
import { suggestProfile } from "@/lib/insurance/profile";
import { readWorkbook } from "@/lib/insurance/workbook";
import { ingestEmail } from "@/db/queries/intake";
import { saveBroker, saveBrokerProfile } from "@/db/queries/insurance/brokers";
import { createCasesForMessage } from "@/db/queries/insurance/case-emails";
import {
  activateCatalog,
  createCatalog,
  importCatalogEntries,
  setCatalogImportState,
} from "@/db/queries/insurance/catalogs";
import { createInsurer } from "@/db/queries/insurance/insurers";

// Demo insurance data, made by code: an insurer with a generated catalog (a few thousand entries so the first
// start stays fast), two brokers with profiles suggested from their own spreadsheets, and one broker email per
// broker whose fleet list becomes a case. The cases are matched for real by the match-case function once the
// runner starts (their events are stored now and picked up then).

// The four brands most fleets carry, recent model years, every version: dense enough that a few rows have
// several plausible versions (the review band), small enough to import in a few seconds on first start.
const DEMO_BRANDS = ["NISSAN", "VOLKSWAGEN", "TOYOTA", "CHEVROLET"];
const DEMO_FROM_YEAR = 2017;

const csvCell = (v: unknown) => {
  const t = String(v ?? "");
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

export async function seedInsuranceDemo(ctx: SeedContext) {
  const { db, blobs, workspaceId, ownerId, now } = ctx;
  const insurer = await createInsurer(db, { workspaceId, actorId: ownerId, name: "Seguros Atlántico (demo)" });
  const generated = generateCatalog({ seed: 7 }).filter((e) => DEMO_BRANDS.includes(e.brand) && e.year >= DEMO_FROM_YEAR);
  const csv = catalogToCsv(toCatalogEntries(generated));
  const blobKey = `${workspaceId}/catalogs/demo-catalogo-autos.csv`;
  await blobs.put(blobKey, Buffer.from(csv), "text/csv");
  const catalog = await createCatalog(db, { workspaceId, actorId: ownerId, insurerId: insurer.id, filename: "catalogo-autos-2026.csv", blobKey });
  const started = Date.now();
  const parsed = await parseCatalog(csv, "catalogo-autos-2026.csv");
  await importCatalogEntries(db, { workspaceId, catalogId: catalog.id, entries: parsed.entries, errors: parsed.errors });
  await setCatalogImportState(db, { workspaceId, catalogId: catalog.id, state: "imported", importMs: Date.now() - started });
  await activateCatalog(db, { workspaceId, actorId: ownerId, catalogId: catalog.id });

  const vehicles = sampleVehicles(generated, 21, 12);
  const brokers: { name: string; domain: string; from: string; subject: string; body: string; filename: string; bytes: Uint8Array; daysAgo: number }[] = [
    {
      name: "Agente de Seguros del Bajío",
      domain: "agentebajio.com.mx",
      from: "Mariana López <mariana.lopez@agentebajio.com.mx>",
      subject: "Cotización flotilla Transportes del Norte",
      body: "Buen día,\n\nAnexo la relación de unidades para cotizar cobertura amplia, deducible 5% DM.\n\nSaludos,\nMariana",
      filename: "flotilla-transportes-del-norte.xlsx",
      bytes: await brokerAWorkbook(vehicles),
      daysAgo: 2,
    },
    {
      name: "Logística Express Seguros",
      domain: "logisticaexpress.mx",
      from: "Fleet Desk <fleet@logisticaexpress.mx>",
      subject: "Fleet schedule for quote",
      body: "Hello,\n\nPlease quote the attached fleet (values in MXN).\n\nThanks",
      filename: "fleet-schedule.xlsx",
      bytes: await brokerBWorkbook(vehicles.slice(0, 8)),
      daysAgo: 9,
    },
  ];
  // A third broker types its lists by hand: abbreviations, typos, years in the description, vehicles the
  // catalog does not carry — the rows a reviewer has to look at.
  const noisy = generateNoisyRows(generated, { seed: 11, count: 40 });
  const csv3 = ["NO.,MARCA,SUBMARCA,AÑO,DESCRIPCION,SERIE", ...noisy.map((r, i) => [i + 1, r.brand, r.model, r.year, r.description, r.vin].map(csvCell).join(","))].join("\r\n");
  brokers.push({
    name: "Grupo Asegurador del Pacífico",
    domain: "gapacifico.mx",
    from: "Jorge Ruiz <jruiz@gapacifico.mx>",
    subject: "Alta de unidades - cotizar",
    body: "Hola, te paso las unidades para cotizar. Gracias.",
    filename: "unidades-pacifico.csv",
    bytes: new TextEncoder().encode(`${csv3}\r\n`),
    daysAgo: 16,
  });
  const cases = [];
  const documents: { id: string; workspaceId: string }[] = [];
  for (const b of brokers) {
    const broker = await saveBroker(db, { workspaceId, actorId: ownerId, name: b.name, emailDomains: [b.domain] });
    const { profile } = suggestProfile(await readWorkbook(b.bytes, b.filename));
    await saveBrokerProfile(db, { workspaceId, actorId: ownerId, brokerId: broker.id, rules: profile, sampleFilename: b.filename });
    const email = buildEmlFromManualEntry({
      from: b.from,
      to: "cotizaciones@acme.example",
      subject: b.subject,
      body: b.body,
      date: new Date(now.getTime() - b.daysAgo * 86_400_000),
      attachments: [{ filename: b.filename, content: b.bytes }],
    });
    const report = await ingestEmail({ db, blobs }, { workspaceId, actorId: null }, { email, source: "manual" });
    // the email and its spreadsheet are read and indexed like any intake (the caller starts them)
    documents.push(...report.newDocuments.map((d) => ({ id: d.id, workspaceId: d.workspaceId })));
    const messageId = report.messageIds[0];
    if (messageId) cases.push(...(await createCasesForMessage(db, { workspaceId, actorId: null, messageId, insurerId: insurer.id, now })));
  }
  // Matched by the real function: the caller sends their events (they wait in the database until the runner starts).
  return { cases, documents };
}
