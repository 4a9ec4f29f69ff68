export * from "./auth";
export * from "./tenancy";
export * from "./audit";
export * from "./documents";
export * from "./mail";
export * from "./runner";
export * from "./intake";
export * from "./invoices";
