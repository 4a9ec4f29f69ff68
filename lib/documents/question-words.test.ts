import { describe, expect, it } from "vitest";
import { kindWordsOf } from "./question-words";

describe("the words of a question that name the kind of document", () => {
  it("are its kind nouns and the word that makes the kind its own, in the four languages", () => {
    expect(kindWordsOf("Which law governs the services agreement with Kestrel Data Services Ltd?", "en")).toEqual(["services", "agreement"]);
    expect(kindWordsOf("What is the account number on Sophie Caldwell's electricity bill?", "en")).toEqual(["electricity", "bill"]);
    expect(kindWordsOf("¿Cuándo termina el contrato de trabajo de Lucía Fernández Ortega?", "es")).toEqual(["contrato", "trabajo"]);
    expect(kindWordsOf("Welches Recht gilt für den Dienstleistungsvertrag mit Kraus Softwarehaus GmbH?", "de")).toEqual(["dienstleistungsvertrag"]);
    expect(kindWordsOf("Quel droit s'applique au contrat de services avec Services Numériques Loire SARL ?", "fr")).toEqual(["contrat", "services"]);
    // a document as such names no field either
    expect(kindWordsOf("What does the document say about confidentiality?", "en")).toEqual(["document"]);
    expect(kindWordsOf("What is the notice period?", "en")).toEqual([]);
  });
});
