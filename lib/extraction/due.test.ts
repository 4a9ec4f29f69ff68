import { describe, expect, it } from "vitest";
import { dueDateColumn, dueDateInText, dueFromTerms, paymentTermsDays } from "./due";
import { extractInvoice } from "./extract";
import { pageLines } from "./layout";
import { pageFromRows } from "./testing";

const lines = (...texts: string[]) => pageLines(pageFromRows(texts.map((t) => [[50, t]])));
const invoice = (...body: ([number, string] | [number, string, number])[][]) =>
  extractInvoice([pageFromRows([[[50, "Lieferant GmbH", 14]], ...body, [[50, "Gesamtbetrag"], [400, "119,00"]]])], { pageStart: 1, pageEnd: 1 });

describe("due date in running text", () => {
  it("reads the date after a due word, before 'fällig', and the direct debit's date", () => {
    expect(dueDateInText(lines("Wir würden dann zu der Fälligkeit 21.05.2014 den Beitrag abbuchen."), true)?.value).toBe("2014-05-21");
    expect(dueDateInText(lines("der Beitrag für den Zeitraum vom 06.12.2013 bis zum 06.12.2014", "am 06.12.2013", "fällig."), true)?.value).toBe("2013-12-06");
    expect(dueDateInText(lines("Der Betrag in Höhe von EUR 529,87 wird am 20.03.2014 von Ihrem Konto", "mit IBAN DE21 8600 0000 0086 0010 55 abgebucht."), true)?.value).toBe("2014-03-20");
    expect(dueDateInText(lines("Payment is due on 05/03/2024."), false)?.value).toBe("2024-05-03");
    expect(dueDateInText(lines("Montant sera prélevé le 15/04/2024 sur votre compte"), true)?.value).toBe("2024-04-15");
    expect(dueDateInText(lines("Date d'échéance : 30/04/2024"), true)?.value).toBe("2024-04-30");
  });

  it("does not take a service period or a delivery date", () => {
    expect(dueDateInText(lines("Leistungszeitraum vom 01.10.2018 bis 31.10.2018", "Lieferdatum 05.10.2018"), true)).toBeNull();
  });
});

describe("due date column", () => {
  it("reads the date under a 'Fälligkeit' head of the payment terms table, past a text cell", () => {
    const page = pageFromRows([
      [[50, "Zahlungsbedingungen:"]],
      [[50, "Beschreibung"], [250, "Fälligkeit"], [400, "Teilzahlung"]],
      [[50, "Der Rechnungsbetrag wurde bereits"]],
      [[250, "03.10.2018"]],
    ]);
    expect(dueDateColumn(pageLines(page), true)?.value).toBe("2018-10-03");
    expect(invoice([[50, "Rechnung Nr. 42 vom 20.09.2018"]], [[50, "Beschreibung"], [250, "Fälligkeit"], [400, "Teilzahlung"]], [[250, "03.10.2018"]]).dueDate).toBe("2018-10-03");
  });
});

describe("payment terms in days", () => {
  it("reads the net term in en/de/fr/es/nl/it/pt, not the discount's", () => {
    const cases: [string, number, boolean][] = [
      ["Zahlungsziel: 30 Tage netto", 30, false],
      ["Zahlbar innerhalb von 14 Tagen ohne Abzug, bei Zahlung innerhalb 8 Tagen 2 % Skonto", 14, false],
      [".Bei Zahlung innerhalb 10 Tagen gewähren wir 2,0% Skonto. Zahlbar innerhalb 30 Tagen.", 30, false],
      ["Payment terms: payable within 14 days of the invoice date", 14, false],
      ["Terms: Net 45", 45, false],
      ["Paiement à 30 jours fin de mois", 30, true],
      ["Forma de pago: transferencia a 60 días", 60, false],
      ["Betaling binnen 14 dagen na factuurdatum", 14, false],
      ["Pagamento a 30 giorni data fattura", 30, false],
      ["Pagamento a 30 dias", 30, false],
    ];
    for (const [text, days, eom] of cases) expect(paymentTermsDays(lines(text)), text).toMatchObject({ days, endOfMonth: eom });
    expect(paymentTermsDays(lines("Die Rechnung ist sofort fällig."))).toMatchObject({ days: 0 });
    expect(paymentTermsDays(lines("Bei Zahlung innerhalb 14 Tagen gewähren wir 2,0% Skonto."))).toBeNull();
    expect(paymentTermsDays(lines("Widerrufsrecht: Sie können die Ware innerhalb von 14 Tagen zurückgeben", "Lieferung innerhalb von 5 Tagen"))).toBeNull();
  });

  it("counts the due date from the issue date (to the month's end for 'fin de mois')", () => {
    expect(dueFromTerms("2024-01-31", { days: 30, endOfMonth: false, text: "" })).toBe("2024-03-01");
    expect(dueFromTerms("2024-01-15", { days: 30, endOfMonth: true, text: "" })).toBe("2024-02-29");
  });

  it("gives a due date counted from the terms below the review threshold, with a note that says so", () => {
    const inv = invoice([[50, "Rechnung Nr. 42 vom 15.03.2024"]], [[50, "Zahlbar innerhalb von 30 Tagen netto."]]);
    expect(inv.dueDate).toBe("2024-04-14");
    expect(inv.learned?.dueDate).toBe("from the payment terms (30 days after the invoice date)");
    expect(inv.confidence.dueDate).toBeLessThan(0.8);
    // a printed due date wins and carries no note
    const printed = invoice([[50, "Rechnung Nr. 42 vom 15.03.2024"]], [[50, "Zahlbar innerhalb 30 Tagen netto bis 10.04.2024"]]);
    expect(printed.dueDate).toBe("2024-04-10");
    expect(printed.learned?.dueDate).toBeUndefined();
  });
});
