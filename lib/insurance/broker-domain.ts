// Broker email domains as users type them.

/** "Agente <ventas@Agente.com.mx>", "@agente.com.mx", "agente.com.mx" → "agente.com.mx". */
export function normalizeDomain(input: string): string | null {
  const s = input.trim().toLowerCase().replace(/^.*@/, "").replace(/[>\s]+$/, "");
  return /^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/.test(s) ? s : null;
}
