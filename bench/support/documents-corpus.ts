/**
 * The documents evaluation set, made by this script (seeded, so every run makes the same set): insurance policies
 * with their general conditions (30–120 pages), standalone general conditions, contracts, invoices, fleet lists,
 * quotes and delivery notes, in Spanish and English, as PDFs with a text layer — and questions with the file, page
 * and value that answer them, some of them unanswerable from the documents.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { mulberry32 } from "@/lib/random";

export interface Truth {
  id: string;
  question: string;
  /** null: not answerable from the documents */
  file: string | null;
  page: number | null;
  value: string | null;
  kind: "date" | "amount" | "id" | "name" | "text";
  lang: "es" | "en";
}

const COMPANIES_ES = ["Transportes del Norte SA de CV", "Logística Peninsular SL", "Distribuidora Azteca SA", "Fletes Rápidos del Bajío SA de CV", "Construcciones Ibéricas SA", "Agroindustrias del Pacífico SA", "Mudanzas Hernández SL", "Grupo Hotelero Caribe SA", "Farmacias Guadalupe SA de CV", "Autobuses Estrella Blanca SA"];
const COMPANIES_EN = ["Northwind Haulage Ltd", "Bluebird Couriers Inc", "Harbor Freight Partners LLC", "Greenfield Farms Ltd", "Summit Construction Corp", "Atlas Moving Services Inc", "Riverside Medical Supplies Ltd", "Coastal Catering Group LLC", "Pioneer Bus Lines Inc", "Oakridge Property Management Ltd"];
const INSURERS = ["Seguros Atlántida SA", "Aseguradora Mexicana del Centro SA", "Meridian Insurance plc", "Evergreen Mutual Assurance"];
const BRANDS = [["NISSAN", "VERSA"], ["TOYOTA", "HILUX"], ["FORD", "TRANSIT"], ["VOLKSWAGEN", "JETTA"], ["CHEVROLET", "AVEO"], ["RENAULT", "KANGOO"], ["MERCEDES-BENZ", "SPRINTER"], ["ISUZU", "ELF 600"]];
const MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const FILLER_ES = [
  "El Asegurado se obliga a comunicar a la Compañía cualquier agravación esencial del riesgo durante la vigencia del contrato.",
  "La Compañía no será responsable de las pérdidas o daños causados por actos intencionales del Asegurado o de sus dependientes.",
  "Las indemnizaciones se pagarán en moneda nacional conforme al tipo de cambio publicado en la fecha del siniestro.",
  "Cualquier controversia será resuelta ante la autoridad competente del domicilio del Asegurado.",
  "Los vehículos deberán contar con la verificación vehicular vigente y ser conducidos por personas con licencia adecuada.",
  "La cobertura de responsabilidad civil ampara los daños a terceros en sus bienes y personas, hasta el límite contratado.",
  "En caso de pérdida parcial, la Compañía podrá optar por reparar el vehículo o pagar el importe de la reparación.",
  "El Asegurado deberá presentar la documentación que acredite la propiedad del vehículo y la denuncia ante el Ministerio Público.",
  "Quedan excluidos los daños ocasionados por participar en carreras, pruebas de resistencia o seguridad del vehículo.",
  "La subrogación de derechos operará hasta por la cantidad pagada por la Compañía al Asegurado.",
  "Las primas vencidas y no pagadas dentro del periodo de gracia darán lugar a la cancelación automática del contrato.",
  "El servicio de asistencia vial incluye remolque, paso de corriente, envío de combustible y cambio de llanta.",
];
const FILLER_EN = [
  "The Insured shall notify the Company of any material change in the risk during the period of insurance.",
  "The Company shall not be liable for loss or damage caused intentionally by the Insured or by any person acting on their behalf.",
  "Claims shall be settled in the currency of the policy at the rate of exchange on the date of loss.",
  "Any dispute arising under this policy shall be referred to the courts of the place where the Insured is domiciled.",
  "Vehicles must hold a valid roadworthiness certificate and be driven by persons holding an appropriate licence.",
  "Third party liability cover indemnifies the Insured against legal liability for injury or damage to property, up to the limit stated.",
  "In the event of partial loss the Company may at its option repair the vehicle or pay the cost of repair.",
  "The Insured shall provide proof of ownership of the vehicle and a copy of the police report for theft claims.",
  "This policy does not cover loss or damage while the vehicle is used for racing, pace-making or speed testing.",
  "The Company shall be subrogated to the rights of the Insured up to the amount paid under the policy.",
  "Premiums not paid within the grace period shall result in the automatic cancellation of this policy.",
  "Roadside assistance includes towing, battery jump start, fuel delivery and tyre change.",
];

export interface CorpusOptions {
  dir: string;
  seed?: number;
}

interface Doc {
  file: string;
  lang: "es" | "en";
  pages: string[][];
}

const pad = (n: number) => String(n).padStart(2, "0");
function dateOf(r: () => number, from = 2025) {
  return { y: from + Math.floor(r() * 2), m: 1 + Math.floor(r() * 12), d: 1 + Math.floor(r() * 28) };
}
const iso = (x: { y: number; m: number; d: number }) => `${x.y}-${pad(x.m)}-${pad(x.d)}`;
const dmy = (x: { y: number; m: number; d: number }) => `${pad(x.d)}/${pad(x.m)}/${x.y}`;
const longEs = (x: { y: number; m: number; d: number }) => `${x.d} de ${MONTHS_ES[x.m - 1]} de ${x.y}`;
const longEn = (x: { y: number; m: number; d: number }) => `${MONTHS_EN[x.m - 1]} ${x.d}, ${x.y}`;
const moneyEs = (v: number) => v.toLocaleString("es-ES", { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: "always" } as Intl.NumberFormatOptions);
const moneyEn = (v: number) => v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const amt = (v: number) => v.toFixed(2);

/** Words of `text` in lines of at most `width` characters. */
export function wrap(text: string, width = 92): string[] {
  const out: string[] = [];
  let line = "";
  for (const w of text.split(" ")) {
    if ((line + " " + w).trim().length > width) {
      out.push(line.trim());
      line = w;
    } else line += ` ${w}`;
  }
  if (line.trim()) out.push(line.trim());
  return out;
}

export async function writePdf(path: string, pages: string[][]) {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    let y = 800;
    for (const l of lines) {
      if (l.includes("\t")) {
        // a table row: cells at fixed columns
        const xs = [40, 130, 270, 370, 470];
        l.split("\t").forEach((c, i) => page.drawText(c, { x: xs[i] ?? 40 + i * 95, y, size: 9, font }));
      } else page.drawText(l, { x: 40, y, size: 10, font });
      y -= l === "" ? 8 : 14;
    }
  }
  writeFileSync(path, await pdf.save());
}

/** Paragraph pages: the given paragraphs placed on their pages, filler everywhere else. */
function longDoc(r: () => number, lang: "es" | "en", n: number, first: string[], placed: Map<number, string[]>): string[][] {
  const filler = lang === "es" ? FILLER_ES : FILLER_EN;
  const pages: string[][] = [first.flatMap((p) => [...wrap(p), ""])];
  let clause = 1;
  for (let p = 2; p <= n; p++) {
    const lines: string[] = [];
    const facts = placed.get(p) ?? [];
    const slot = Math.floor(r() * 3);
    for (let k = 0; k < 4; k++) {
      if (k === slot) for (const f of facts) lines.push(...wrap(f), "");
      const head = lang === "es" ? `Cláusula ${clause++}.` : `Clause ${clause++}.`;
      const body = [0, 1, 2].map(() => filler[Math.floor(r() * filler.length)]).join(" ");
      lines.push(...wrap(`${head} ${body}`), "");
    }
    pages.push(lines);
  }
  return pages;
}

export async function makeCorpus(opts: CorpusOptions): Promise<{ files: string[]; truth: Truth[]; pages: number }> {
  const r = mulberry32(opts.seed ?? 11);
  mkdirSync(opts.dir, { recursive: true });
  const docs: Doc[] = [];
  const truth: Truth[] = [];
  let qn = 0;
  const q = (t: Omit<Truth, "id">) => truth.push({ id: `q${++qn}`, ...t });
  const pick = <T,>(a: T[]) => a[Math.floor(r() * a.length)];

  // —— policies with general conditions (30–120 pages)
  for (let i = 0; i < 14; i++) {
    const lang = i < 8 ? "es" : "en";
    const file = `${lang === "es" ? "poliza" : "policy"}-${i + 1}.pdf`;
    const n = 30 + Math.floor(r() * 91);
    const insured = (lang === "es" ? COMPANIES_ES : COMPANIES_EN)[i % 10];
    const number = `${lang === "es" ? "AUT" : "MTR"}-${2025 + (i % 2)}-${100000 + Math.floor(r() * 899999)}`;
    const start = dateOf(r, 2025);
    const end = { ...start, y: start.y + 1 };
    const premium = 15000 + Math.round(r() * 90000) + 0.5 * Math.floor(r() * 2);
    const sumInsured = 500000 + Math.round(r() * 4000) * 1000;
    const deductible = 5 + Math.floor(r() * 4) * 5;
    const reportDays = 3 + Math.floor(r() * 12);
    const [pDed, pRep, pSum] = [3 + Math.floor(r() * (n - 3)), 3 + Math.floor(r() * (n - 3)), 2 + Math.floor(r() * 3)];
    const placed = new Map<number, string[]>();
    const put = (p: number, s: string) => placed.set(p, [...(placed.get(p) ?? []), s]);
    const es = lang === "es";
    put(pDed, es ? `Deducible por robo total: en caso de robo total del vehículo el deducible será del ${deductible}% de la suma asegurada.` : `Theft excess: in the event of total theft of the vehicle the excess shall be ${deductible}% of the sum insured.`);
    put(pRep, es ? `Aviso de siniestro: el Asegurado deberá reportar el siniestro a la Compañía en un plazo máximo de ${reportDays} días naturales.` : `Notice of claim: the Insured must report any claim to the Company within ${reportDays} calendar days.`);
    put(pSum, es ? `Suma asegurada por unidad: $ ${moneyEs(sumInsured)} MXN en valor comercial.` : `Sum insured per vehicle: $${moneyEn(sumInsured)} at market value.`);
    const first = es
      ? [`PÓLIZA DE SEGURO DE AUTOMÓVILES — FLOTILLA`, `Póliza número: ${number}`, `Asegurado: ${insured}`, `Aseguradora: ${INSURERS[i % 2]}`, `Inicio de vigencia: ${dmy(start)}`, `Fin de vigencia: ${dmy(end)}`, `Prima total anual: $ ${moneyEs(premium)} MXN`, `Forma de pago: anual. Las condiciones generales forman parte de esta póliza.`]
      : [`MOTOR FLEET INSURANCE POLICY`, `Policy number: ${number}`, `Policyholder: ${insured}`, `Insurer: ${INSURERS[2 + (i % 2)]}`, `Effective date: ${longEn(start)}`, `Expiry date: ${longEn(end)}`, `Total annual premium: $${moneyEn(premium)}`, `Payment: annual. The general conditions form part of this policy.`];
    docs.push({ file, lang, pages: longDoc(r, lang, n, first, placed) });
    if (es) {
      q({ question: `¿Cuándo vence la póliza ${number}?`, file, page: 1, value: iso(end), kind: "date", lang });
      q({ question: `¿Cuál es la prima total anual de la póliza de ${insured}?`, file, page: 1, value: amt(premium), kind: "amount", lang });
      q({ question: `¿Quién es el asegurado de la póliza ${number}?`, file, page: 1, value: insured, kind: "name", lang });
      q({ question: `¿Cuál es el número de póliza de ${insured}?`, file, page: 1, value: number, kind: "id", lang });
      q({ question: `¿Cuál es el deducible por robo total en la póliza ${number}?`, file, page: pDed, value: `${deductible}%`, kind: "text", lang });
      q({ question: `¿En cuántos días se debe reportar un siniestro según la póliza ${number}?`, file, page: pRep, value: `${reportDays} días`, kind: "text", lang });
      if (i % 2 === 0) q({ question: `¿Cuál es el número de licencia del conductor autorizado en la póliza ${number}?`, file: null, page: null, value: null, kind: "id", lang });
    } else {
      q({ question: `When does policy ${number} expire?`, file, page: 1, value: iso(end), kind: "date", lang });
      q({ question: `What is the total annual premium of the ${insured} policy?`, file, page: 1, value: amt(premium), kind: "amount", lang });
      q({ question: `Who is the policyholder of policy ${number}?`, file, page: 1, value: insured, kind: "name", lang });
      q({ question: `What is the policy number for ${insured}?`, file, page: 1, value: number, kind: "id", lang });
      q({ question: `What is the theft excess in policy ${number}?`, file, page: pDed, value: `${deductible}%`, kind: "text", lang });
      q({ question: `Within how many days must a claim be reported under policy ${number}?`, file, page: pRep, value: `${reportDays} calendar days`, kind: "text", lang });
      if (i % 2 === 0) q({ question: `What is the broker commission rate on policy ${number}?`, file: null, page: null, value: null, kind: "amount", lang });
    }
  }
  // —— contracts
  for (let i = 0; i < 6; i++) {
    const lang = i < 3 ? "es" : "en";
    const es = lang === "es";
    const file = `${es ? "contrato" : "contract"}-${i + 1}.pdf`;
    const a = (es ? COMPANIES_ES : COMPANIES_EN)[(i + 3) % 10];
    const b = (es ? COMPANIES_ES : COMPANIES_EN)[(i + 6) % 10];
    const number = `${es ? "CTO" : "AGR"}-${3000 + i * 17}`;
    const start = dateOf(r, 2025);
    const end = { ...start, y: start.y + 2 };
    const fee = 8000 + Math.round(r() * 50000);
    const notice = 30 + Math.floor(r() * 3) * 30;
    const n = 4 + Math.floor(r() * 5);
    const pFee = 2 + Math.floor(r() * (n - 1));
    const pNotice = 2 + Math.floor(r() * (n - 1));
    const placed = new Map<number, string[]>();
    const put = (p: number, s: string) => placed.set(p, [...(placed.get(p) ?? []), s]);
    put(pFee, es ? `Contraprestación: el Arrendatario pagará una renta mensual de $ ${moneyEs(fee)} más IVA dentro de los primeros cinco días de cada mes.` : `Fees: the Tenant shall pay a monthly rent of $${moneyEn(fee)} plus tax within the first five days of each month.`);
    put(pNotice, es ? `Terminación anticipada: cualquiera de las partes podrá terminar el contrato con un aviso previo por escrito de ${notice} días.` : `Early termination: either party may terminate this agreement by giving ${notice} days' written notice.`);
    const first = es
      ? [`CONTRATO DE ARRENDAMIENTO DE BODEGA`, `Contrato número: ${number}`, `Arrendador: ${a}`, `Arrendatario: ${b}`, `Las partes acuerdan que el presente contrato estará vigente desde el ${longEs(start)} hasta el ${longEs(end)}.`]
      : [`WAREHOUSE LEASE AGREEMENT`, `Agreement number: ${number}`, `Landlord: ${a}`, `Tenant: ${b}`, `The parties agree that this agreement is valid from ${longEn(start)} until ${longEn(end)}.`];
    docs.push({ file, lang, pages: longDoc(r, lang, n, first, placed) });
    if (es) {
      q({ question: `¿Hasta cuándo está vigente el contrato ${number}?`, file, page: 1, value: iso(end), kind: "date", lang });
      q({ question: `¿Cuál es la renta mensual del contrato ${number}?`, file, page: pFee, value: amt(fee), kind: "amount", lang });
      q({ question: `¿Quién es el arrendatario del contrato ${number}?`, file, page: 1, value: b, kind: "name", lang });
      q({ question: `¿Con cuántos días de aviso se puede terminar el contrato ${number}?`, file, page: pNotice, value: `${notice} días`, kind: "text", lang });
      q({ question: `¿Cuál es el depósito en garantía del contrato ${number}?`, file: null, page: null, value: null, kind: "amount", lang });
    } else {
      q({ question: `Until when is agreement ${number} valid?`, file, page: 1, value: iso(end), kind: "date", lang });
      q({ question: `What is the monthly rent under agreement ${number}?`, file, page: pFee, value: amt(fee), kind: "amount", lang });
      q({ question: `Who is the tenant in agreement ${number}?`, file, page: 1, value: b, kind: "name", lang });
      q({ question: `How many days of notice are needed to terminate agreement ${number}?`, file, page: pNotice, value: `${notice} days`, kind: "text", lang });
      q({ question: `What is the security deposit under agreement ${number}?`, file: null, page: null, value: null, kind: "amount", lang });
    }
  }
  // —— invoices, quotes, delivery notes (short documents)
  for (let i = 0; i < 16; i++) {
    const lang = i % 2 === 0 ? "es" : "en";
    const es = lang === "es";
    const type = i < 8 ? "invoice" : i < 12 ? "quote" : "delivery";
    const vendor = (es ? COMPANIES_ES : COMPANIES_EN)[(i * 3) % 10];
    const client = (es ? COMPANIES_ES : COMPANIES_EN)[(i * 3 + 1) % 10];
    const d = dateOf(r, 2025);
    const due = { ...d, m: d.m === 12 ? 1 : d.m + 1, y: d.m === 12 ? d.y + 1 : d.y };
    const total = Math.round(r() * 200000) / 100 + 100;
    const taxId = es ? `${"ABCDEFGH"[i % 8]}XY${pad(d.y % 100)}${pad(d.m)}${pad(d.d)}Q${i % 10}A` : `GB${100000000 + i * 7919}`;
    let file: string;
    let lines: string[];
    if (type === "invoice") {
      const no = `${es ? "F" : "INV"}-${5000 + i * 37}`;
      file = `${es ? "factura" : "invoice"}-${no}.pdf`;
      lines = es
        ? [`FACTURA`, `Factura No: ${no}`, `Proveedor: ${vendor}`, `RFC: ${taxId}`, `Cliente: ${client}`, `Fecha de emisión: ${dmy(d)}`, `Fecha de vencimiento: ${dmy(due)}`, "", `Descripción\tCantidad\tPrecio\tImporte`, `Servicio de transporte\t1\t${moneyEs(total / 1.16)}\t${moneyEs(total / 1.16)}`, "", `Subtotal: $ ${moneyEs(total / 1.16)}`, `IVA 16%: $ ${moneyEs(total - total / 1.16)}`, `Total a pagar: $ ${moneyEs(total)} MXN`]
        : [`INVOICE`, `Invoice No: ${no}`, `Vendor: ${vendor}`, `VAT: ${taxId}`, `Bill to: ${client}`, `Invoice date: ${longEn(d)}`, `Due date: ${longEn(due)}`, "", `Description\tQty\tUnit price\tAmount`, `Freight services\t1\t${moneyEn(total / 1.2)}\t${moneyEn(total / 1.2)}`, "", `Subtotal: $${moneyEn(total / 1.2)}`, `VAT 20%: $${moneyEn(total - total / 1.2)}`, `Total due: $${moneyEn(total)}`];
      if (es) {
        q({ question: `¿Cuándo vence la factura ${no}?`, file, page: 1, value: iso(due), kind: "date", lang });
        q({ question: `¿Cuál es el total a pagar de la factura ${no}?`, file, page: 1, value: amt(total), kind: "amount", lang });
        q({ question: `¿Cuál es el RFC del proveedor de la factura ${no}?`, file, page: 1, value: taxId, kind: "id", lang });
        q({ question: `¿Quién es el proveedor de la factura ${no}?`, file, page: 1, value: vendor, kind: "name", lang });
        q({ question: `¿Cuál es la cuenta CLABE para pagar la factura ${no}?`, file: null, page: null, value: null, kind: "id", lang });
      } else {
        q({ question: `When is invoice ${no} due?`, file, page: 1, value: iso(due), kind: "date", lang });
        q({ question: `What is the total due on invoice ${no}?`, file, page: 1, value: amt(total), kind: "amount", lang });
        q({ question: `What is the VAT number of the vendor on invoice ${no}?`, file, page: 1, value: taxId, kind: "id", lang });
        q({ question: `Who is the vendor of invoice ${no}?`, file, page: 1, value: vendor, kind: "name", lang });
        q({ question: `What is the IBAN to pay invoice ${no}?`, file: null, page: null, value: null, kind: "id", lang });
      }
    } else if (type === "quote") {
      const no = `${es ? "COT" : "Q"}-${700 + i * 11}`;
      file = `${es ? "cotizacion" : "quote"}-${no}.pdf`;
      lines = es
        ? [`COTIZACIÓN`, `Cotización número: ${no}`, `Proveedor: ${vendor}`, `Cliente: ${client}`, `Fecha: ${dmy(d)}`, `Vigencia de la oferta: hasta el ${dmy(due)}`, "", `Total cotizado: $ ${moneyEs(total)} MXN`]
        : [`QUOTATION`, `Quote number: ${no}`, `Supplier: ${vendor}`, `Customer: ${client}`, `Date: ${longEn(d)}`, `This quote is valid until ${longEn(due)}.`, "", `Quoted total: $${moneyEn(total)}`];
      q({ question: es ? `¿Hasta cuándo es válida la cotización ${no}?` : `Until when is quote ${no} valid?`, file, page: 1, value: iso(due), kind: "date", lang });
      q({ question: es ? `¿Cuál es el total de la cotización ${no}?` : `What is the quoted total of quote ${no}?`, file, page: 1, value: amt(total), kind: "amount", lang });
      q({ question: es ? `¿Cuál es el plazo de entrega de la cotización ${no}?` : `What is the delivery lead time in quote ${no}?`, file: null, page: null, value: null, kind: "text", lang });
    } else {
      const no = `${es ? "REM" : "DN"}-${9000 + i * 13}`;
      file = `${es ? "remision" : "delivery-note"}-${no}.pdf`;
      lines = es
        ? [`NOTA DE REMISIÓN`, `Remisión número: ${no}`, `Emisor: ${vendor}`, `Entregado a: ${client}`, `Fecha de entrega: ${dmy(d)}`, "", `Descripción\tCantidad\tUnidad`, `Tarimas de producto\t${2 + i}\tpza`, "", `Recibió de conformidad: ${client}`]
        : [`DELIVERY NOTE`, `Delivery note number: ${no}`, `Supplier: ${vendor}`, `Delivered to: ${client}`, `Delivery date: ${longEn(d)}`, "", `Description\tQuantity\tUnit`, `Pallets of goods\t${2 + i}\tpcs`, "", `Received in good order by ${client}`];
      q({ question: es ? `¿Cuál es la fecha de entrega de la remisión ${no}?` : `What is the delivery date of delivery note ${no}?`, file, page: 1, value: iso(d), kind: "date", lang });
      q({ question: es ? `¿A quién se entregó la remisión ${no}?` : `Who was delivery note ${no} delivered to?`, file, page: 1, value: client, kind: "name", lang });
    }
    docs.push({ file, lang, pages: [lines] });
  }
  // —— fleet lists
  for (let i = 0; i < 4; i++) {
    const lang = i < 2 ? "es" : "en";
    const es = lang === "es";
    const file = `${es ? "flotilla" : "fleet-list"}-${i + 1}.pdf`;
    const rows: string[] = [];
    const pages: string[][] = [];
    const head = es ? `Placas\tNIV\tMarca\tModelo\tAño` : `Plate\tVIN\tMake\tModel\tYear`;
    for (let k = 0; k < 90; k++) {
      const [brand, model] = pick(BRANDS);
      const plate = `${"ABCDEFGHJKLMNPRSTUVWXYZ"[Math.floor(r() * 23)]}${"ABCDEFGHJKLMNPRSTUVWXYZ"[Math.floor(r() * 23)]}${"ABCDEFGHJKLMNPRSTUVWXYZ"[Math.floor(r() * 23)]}-${100 + Math.floor(r() * 899)}-${"ABCDEFGH"[k % 8]}`;
      const vin = Array.from({ length: 17 }, (_, j) => (j === 9 ? "P" : "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"[Math.floor(r() * 33)])).join("");
      const year = 2015 + Math.floor(r() * 10);
      rows.push(`${plate}\t${vin}\t${brand}\t${model}\t${year}`);
      if (k % 7 === 3) {
        const page = Math.floor(k / 35) + 1;
        q({ question: es ? `¿Cuál es el NIV del vehículo con placas ${plate}?` : `What is the VIN of the vehicle with plate ${plate}?`, file, page, value: vin, kind: "id", lang });
      }
    }
    for (let p = 0; p * 35 < rows.length; p++) {
      pages.push([es ? `RELACIÓN DE VEHÍCULOS — FLOTILLA ${i + 1}` : `FLEET VEHICLE SCHEDULE ${i + 1}`, "", head, ...rows.slice(p * 35, p * 35 + 35)]);
    }
    docs.push({ file, lang, pages });
  }
  // —— standalone general conditions
  for (let i = 0; i < 2; i++) {
    const lang = i === 0 ? "es" : "en";
    const n = 60 + Math.floor(r() * 60);
    const file = `${lang === "es" ? "condiciones-generales" : "general-conditions"}-${i + 1}.pdf`;
    const p = 5 + Math.floor(r() * (n - 6));
    const years = 2 + Math.floor(r() * 4);
    const placed = new Map([[p, [lang === "es" ? `Prescripción: todas las acciones que se deriven de este contrato de seguro prescribirán en ${years} años.` : `Limitation: all actions arising from this contract of insurance shall be time-barred after ${years} years.`]]]);
    docs.push({ file, lang, pages: longDoc(r, lang, n, [lang === "es" ? "CONDICIONES GENERALES DEL SEGURO DE AUTOMÓVILES" : "GENERAL CONDITIONS OF MOTOR INSURANCE"], placed) });
    q({ question: lang === "es" ? "¿En cuántos años prescriben las acciones derivadas del contrato de seguro?" : "After how many years are actions arising from the contract of insurance time-barred?", file, page: p, value: `${years} ${lang === "es" ? "años" : "years"}`, kind: "text", lang });
  }
  // —— questions about what none of the documents holds
  const none: [string, "es" | "en"][] = [
    ["¿Cuál es el horario de atención de la sucursal de Monterrey?", "es"],
    ["¿Quién firmó el acta constitutiva de la empresa?", "es"],
    ["¿Cuál es el salario del gerente de operaciones?", "es"],
    ["What is the office Wi-Fi password?", "en"],
    ["Who approved the marketing budget for next year?", "en"],
    ["What is the interest rate of the bank loan?", "en"],
  ];
  for (const [question, lang] of none) q({ question, file: null, page: null, value: null, kind: "text", lang });

  let pages = 0;
  for (const d of docs) {
    await writePdf(join(opts.dir, d.file), d.pages);
    pages += d.pages.length;
  }
  writeFileSync(join(opts.dir, "..", "questions.csv"), `id,question\n${truth.map((t) => `${t.id},"${t.question.replace(/"/g, '""')}"`).join("\n")}\n`);
  writeFileSync(join(opts.dir, "..", "truth.json"), JSON.stringify(truth, null, 1));
  return { files: docs.map((d) => d.file), truth, pages };
}
