/**
 * Maker groups and legacy maker names, as data: brokers copy the maker from the invoice or the registration card
 * ("GENERAL MOTORS", "FCA MEXICO", "VOLKSWAGEN DE MEXICO SA DE CV", "KIA MOTORS MEXICO") where the catalog says
 * CHEVROLET, GMC, RAM, JEEP, VOLKSWAGEN, KIA. Keys are normalized brand keys (spaces removed, see text.ts).
 */

/** Group or legacy maker → catalog brands it sells, the most common first. */
export const BRAND_GROUPS: Record<string, string[]> = {
  GENERALMOTORS: ["CHEVROLET", "GMC", "BUICK", "CADILLAC"],
  GM: ["CHEVROLET", "GMC", "BUICK", "CADILLAC"],
  FCA: ["DODGE", "RAM", "JEEP", "CHRYSLER", "FIAT", "ALFAROMEO", "PEUGEOT"],
  STELLANTIS: ["DODGE", "RAM", "JEEP", "CHRYSLER", "FIAT", "PEUGEOT", "ALFAROMEO"],
  FIATCHRYSLER: ["DODGE", "RAM", "JEEP", "CHRYSLER", "FIAT", "ALFAROMEO"],
  CHRYSLERGROUP: ["DODGE", "RAM", "JEEP", "CHRYSLER", "FIAT"],
  DAIMLER: ["MERCEDESBENZ"],
  DAIMLERCHRYSLER: ["CHRYSLER", "DODGE", "JEEP", "MERCEDESBENZ"],
  JAGUARLANDROVER: ["LANDROVER", "JAGUAR"],
  JLR: ["LANDROVER", "JAGUAR"],
  TATA: ["LANDROVER", "JAGUAR"],
  GEELY: ["VOLVO", "GEELY"],
};

/** A catalog brand → the other brands of its maker, tried when the model is not among the brand's own. */
export const BRAND_SIBLINGS: Record<string, string[]> = {
  CHEVROLET: ["GMC", "BUICK", "CADILLAC"], GMC: ["CHEVROLET", "BUICK", "CADILLAC"], BUICK: ["CHEVROLET", "GMC", "CADILLAC"], CADILLAC: ["CHEVROLET", "GMC", "BUICK"],
  CHRYSLER: ["DODGE", "RAM", "JEEP", "FIAT"], DODGE: ["RAM", "CHRYSLER", "JEEP"], RAM: ["DODGE", "CHRYSLER"], JEEP: ["CHRYSLER", "DODGE"], FIAT: ["CHRYSLER", "DODGE", "RAM", "JEEP"],
  VOLKSWAGEN: ["SEAT", "AUDI", "CUPRA", "PORSCHE"], SEAT: ["CUPRA", "VOLKSWAGEN"], CUPRA: ["SEAT"], AUDI: ["VOLKSWAGEN"],
  NISSAN: ["INFINITI"], INFINITI: ["NISSAN"], TOYOTA: ["LEXUS"], LEXUS: ["TOYOTA"], HONDA: ["ACURA"], ACURA: ["HONDA"],
  FORD: ["LINCOLN"], LINCOLN: ["FORD"], BMW: ["MINI"], MINI: ["BMW"], HYUNDAI: ["KIA"], KIA: ["HYUNDAI"],
};

/** Words of a corporate maker name that are not the brand: "MITSUBISHI MOTORS CORP", "NISSAN MEXICANA SA DE CV". */
export const CORPORATE_WORDS = new Set([
  "MOTORS", "MOTOR", "CORP", "CORPORATION", "CO", "COMPANY", "CIA", "DE", "DEL", "MEXICO", "MEXICANA", "MEXICANO", "SA", "CV", "S", "A", "C",
  "V", "AG", "GMBH", "GROUP", "GRUPO", "AUTOMOBILES", "AUTOMOTRIZ", "AUTOMOTIVE", "SALES", "AMERICAN", "AMERICA", "INC", "NORTH", "US", "USA", "LLC",
  "MANUFACTURING", "MFG", "LTD", "LIMITED", "THE", "OF", "Y",
]);
