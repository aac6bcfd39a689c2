// This process's link to the local Inngest driver (see the driver package's link.ts): the driver
// and its event API fill it in when lib/runtime starts them, the Inngest client reads it. Kept on
// globalThis because Next bundles the routes and instrumentation into separate chunks that would
// otherwise each see their own copy. Only types come from the driver package, so nothing of the
// driver is bundled with the code that sends events.
import type { LocalDriverLink } from "@ledgerline/inngest-local-driver";

const key = Symbol.for("ledgerline.inngest-driver.link");
type GlobalWithLink = typeof globalThis & { [key]?: LocalDriverLink };

export function localDriverLink(): LocalDriverLink {
  const g = globalThis as GlobalWithLink;
  g[key] ??= {};
  return g[key];
}
