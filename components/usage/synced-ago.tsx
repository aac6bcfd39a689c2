"use client";
// "Synced N seconds ago", ticking every second; says so plainly when the last attempt failed.
import { useEffect, useState } from "react";

export function SyncedAgo({ lastSyncedAt, lastError }: { lastSyncedAt: string | null; lastError: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = lastSyncedAt ? Math.max(0, Math.round((now - new Date(lastSyncedAt).getTime()) / 1000)) : null;
  const ago = seconds === null ? "not synced with Stripe yet" : seconds < 120 ? `synced ${seconds} seconds ago` : `synced ${Math.round(seconds / 60)} minutes ago`;
  return (
    <p data-testid="synced-ago" className={`text-xs ${lastError ? "text-amber-700" : "text-slate-500"}`}>
      {lastError ? `Stripe is unreachable — showing local data, last ${ago}.` : `Billing ${ago}.`}
    </p>
  );
}
