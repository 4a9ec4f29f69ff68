"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const PALETTE = ["#2f6fed", "#0f766e", "#d97706", "#7c3aed", "#db2777"];

/** Sends per day per account (bars) against each account's daily cap (dashed lines), and the failure rate (line, right axis). */
export function SendsChart({ data, accounts }: { data: Record<string, string | number | null>[]; accounts: { key: string; label: string; perDay: number }[] }) {
  return (
    <div className="h-60 w-full" role="img" aria-label="Campaign sends per day per account against daily caps, and failure rate">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis yAxisId="n" allowDecimals={false} tick={{ fontSize: 11 }} />
          <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} tickFormatter={(v) => `${v}%`} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(v, name) => (name === "Failure rate" ? [v === null ? "–" : `${v}%`, name] : [v, name])} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {accounts.map((a, i) => (
            <Bar key={a.key} yAxisId="n" dataKey={a.key} name={`${a.label} (cap ${a.perDay}/day)`} stackId="sends" fill={PALETTE[i % PALETTE.length]} />
          ))}
          {accounts.map((a, i) => (
            <ReferenceLine key={`cap-${a.key}`} yAxisId="n" y={a.perDay} ifOverflow="extendDomain" stroke={PALETTE[i % PALETTE.length]} strokeDasharray="4 4" />
          ))}
          <Line yAxisId="pct" type="monotone" dataKey="failureRate" name="Failure rate" stroke="#dc2626" dot={false} connectNulls />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
