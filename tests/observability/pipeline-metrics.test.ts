// A batch run's events recorded at once: each type and outcome counted exactly, and each event's
// latency observed on its job type's series (events without a hand-over time are counted only).
import { describe, expect, it } from "vitest";
import { metrics } from "@/lib/observability/metrics";
import { recordStripeEventsProcessed } from "@/lib/observability/pipeline-metrics";

async function processedCount(type: string, outcome: string): Promise<number> {
  const { values } = await metrics().eventsProcessed.get();
  return values.find((value) => value.labels.type === type && value.labels.outcome === outcome)?.value ?? 0;
}

async function latencyObservations(jobType: string): Promise<number> {
  const { values } = await metrics().runLatency.get();
  return values.find((value) => value.metricName === "ledgerline_run_latency_seconds_count" && value.labels.job_type === jobType)?.value ?? 0;
}

describe("recordStripeEventsProcessed", () => {
  it("counts each type and outcome exactly and observes each latency on its job type", async () => {
    const before = {
      paidApplied: await processedCount("invoice.paid", "applied"),
      paidStale: await processedCount("invoice.paid", "stale"),
      createdApplied: await processedCount("invoice.created", "applied"),
      paidLatency: await latencyObservations("stripe-invoice-paid"),
      createdLatency: await latencyObservations("stripe-invoice-created"),
    };
    const sentAtMs = Date.now() - 2_000;
    recordStripeEventsProcessed([
      { type: "invoice.paid", jobType: "stripe-invoice-paid", outcome: "applied", sentAtMs },
      { type: "invoice.paid", jobType: "stripe-invoice-paid", outcome: "applied", sentAtMs },
      { type: "invoice.paid", jobType: "stripe-invoice-paid", outcome: "stale", sentAtMs },
      { type: "invoice.created", jobType: "stripe-invoice-created", outcome: "applied", sentAtMs },
      { type: "invoice.created", jobType: "stripe-invoice-created", outcome: "applied" },
    ]);
    expect(await processedCount("invoice.paid", "applied")).toBe(before.paidApplied + 2);
    expect(await processedCount("invoice.paid", "stale")).toBe(before.paidStale + 1);
    expect(await processedCount("invoice.created", "applied")).toBe(before.createdApplied + 2);
    expect(await latencyObservations("stripe-invoice-paid")).toBe(before.paidLatency + 3);
    expect(await latencyObservations("stripe-invoice-created")).toBe(before.createdLatency + 1);

    const { values } = await metrics().runLatency.get();
    const sum = values.find((value) => value.metricName === "ledgerline_run_latency_seconds_sum" && value.labels.job_type === "stripe-invoice-paid")!.value;
    expect(sum).toBeGreaterThanOrEqual(3 * 2);
  });
});
