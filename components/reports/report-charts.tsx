"use client";
// Recharts charts for the report pages. They receive figures computed on the server (integer
// minor units) and only draw them; every label goes through formatMoney.
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "@/lib/money/format-money";

const colors = { paid: "#4f46e5", open: "#f59e0b", uncollectible: "#e11d48", neutral: "#64748b", green: "#059669" };

function Frame({ label, children }: { label: string; children: React.ReactElement }) {
  return (
    <figure aria-label={label} className="h-72 w-full rounded-lg border border-slate-200 bg-white p-4">
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </figure>
  );
}

const moneyTick = (currency: string) => (value: number) => formatMoney(Math.round(value), currency).replace(/\.\d+$/, "");
const moneyTip = (currency: string) => (value: unknown) => (typeof value === "number" ? formatMoney(value, currency) : String(value));

export interface RevenueChartRow {
  period: string;
  paid: number;
  open: number;
  uncollectible: number;
}

export function RevenueChart({ rows, currency }: { rows: RevenueChartRow[]; currency: string }) {
  return (
    <Frame label="Revenue by period">
      <BarChart data={rows} margin={{ left: 16, right: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="period" fontSize={12} />
        <YAxis tickFormatter={moneyTick(currency)} fontSize={12} width={80} />
        <Tooltip formatter={moneyTip(currency)} />
        <Legend />
        <Bar dataKey="paid" name="Paid" stackId="r" fill={colors.paid} />
        <Bar dataKey="open" name="Open" stackId="r" fill={colors.open} />
        <Bar dataKey="uncollectible" name="Uncollectible" stackId="r" fill={colors.uncollectible} />
      </BarChart>
    </Frame>
  );
}

export interface MrrChartRow {
  month: string;
  mrr: number;
  newMrr: number;
  expansion: number;
  contraction: number;
  churn: number;
}

export function MrrChart({ rows, currency }: { rows: MrrChartRow[]; currency: string }) {
  const data = rows.map((r) => ({ ...r, contraction: -r.contraction, churn: -r.churn }));
  return (
    <Frame label="MRR and its movement">
      <ComposedChart data={data} margin={{ left: 16, right: 8 }} stackOffset="sign">
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" fontSize={12} />
        <YAxis yAxisId="movement" tickFormatter={moneyTick(currency)} fontSize={12} width={80} />
        <YAxis yAxisId="mrr" orientation="right" tickFormatter={moneyTick(currency)} fontSize={12} width={80} />
        <Tooltip formatter={moneyTip(currency)} />
        <Legend />
        <Bar yAxisId="movement" dataKey="newMrr" name="New" stackId="m" fill={colors.green} />
        <Bar yAxisId="movement" dataKey="expansion" name="Expansion" stackId="m" fill={colors.paid} />
        <Bar yAxisId="movement" dataKey="contraction" name="Contraction" stackId="m" fill={colors.open} />
        <Bar yAxisId="movement" dataKey="churn" name="Churn" stackId="m" fill={colors.uncollectible} />
        <Line yAxisId="mrr" dataKey="mrr" name="MRR" stroke="#0f172a" strokeWidth={2} dot={false} />
      </ComposedChart>
    </Frame>
  );
}

export interface RateChartRow {
  period: string;
  failureRate: number | null;
  recoveryRate: number | null;
}

export function CollectionsChart({ rows }: { rows: RateChartRow[] }) {
  return (
    <Frame label="Failed-payment and recovery rates">
      <LineChart data={rows} margin={{ left: 8, right: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="period" fontSize={12} />
        <YAxis unit="%" fontSize={12} domain={[0, 100]} />
        <Tooltip formatter={(v: unknown) => (typeof v === "number" ? `${v.toFixed(1)}%` : "—")} />
        <Legend />
        <Line dataKey="failureRate" name="Failed payments" stroke={colors.uncollectible} strokeWidth={2} connectNulls />
        <Line dataKey="recoveryRate" name="Recovered" stroke={colors.green} strokeWidth={2} connectNulls />
      </LineChart>
    </Frame>
  );
}

export function AmountBarChart({ rows, currency, label }: { rows: { label: string; amount: number }[]; currency: string; label: string }) {
  return (
    <Frame label={label}>
      <BarChart data={rows} margin={{ left: 16, right: 8 }} layout="vertical">
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" tickFormatter={moneyTick(currency)} fontSize={12} />
        <YAxis type="category" dataKey="label" width={140} fontSize={12} />
        <Tooltip formatter={moneyTip(currency)} />
        <Bar dataKey="amount" name="Amount" fill={colors.paid} />
      </BarChart>
    </Frame>
  );
}

export function PipelineChart({ rows }: { rows: { day: string; received: number; processed: number; deadLetters: number }[] }) {
  return (
    <Frame label="Webhook events per day">
      <ComposedChart data={rows} margin={{ left: 8, right: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" fontSize={12} />
        <YAxis fontSize={12} />
        <Tooltip />
        <Legend />
        <Bar dataKey="received" name="Received" fill={colors.neutral} />
        <Line dataKey="processed" name="Processed" stroke={colors.paid} strokeWidth={2} dot={false} />
        <Line dataKey="deadLetters" name="Dead letters" stroke={colors.uncollectible} strokeWidth={2} dot={false} />
      </ComposedChart>
    </Frame>
  );
}
