// The Inngest client, built once for the whole app: inngest/ defines and serves its functions on
// it (through inngest/client.ts), lib/events sends events with it. With INNGEST_EVENT_KEY /
// INNGEST_BASE_URL / INNGEST_DEV set it talks to that Inngest server; otherwise to the embedded
// local driver (./inngest-client-options.ts).
import { Inngest } from "inngest";
import { getEnv } from "@/lib/config/env";
import { withLocalDriver } from "@/lib/runtime/inngest-client-options";
import { logger } from "@/lib/logging/logger";

export const inngest = new Inngest(withLocalDriver({ id: "ledgerline", logger: logger() }, getEnv()));
