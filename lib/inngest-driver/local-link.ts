// What the Inngest client in this process needs from a local driver started in this process:
// the signing key (generated keys are only known once the driver has read the database) and a
// way to wake it when events arrive. Kept on globalThis because Next bundles the route and
// instrumentation into separate chunks that would otherwise each see their own copy.

export interface LocalLink {
  signingKey?: string;
  /** Origin of the serve endpoint the driver calls; the only origin it registers functions on. */
  serveOrigin?: string;
  /** Wakes the driver; `newEvents` says how many events just arrived (it watches for bursts). */
  wake?: (newEvents?: number) => void;
}

const key = Symbol.for("ledgerline.inngest-driver.link");
type GlobalWithLink = typeof globalThis & { [key]?: LocalLink };

export function localLink(): LocalLink {
  const g = globalThis as GlobalWithLink;
  g[key] ??= {};
  return g[key];
}
