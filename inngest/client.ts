// The Inngest client. With INNGEST_EVENT_KEY / INNGEST_BASE_URL / INNGEST_DEV set it talks to that
// Inngest server; otherwise to the embedded local driver (lib/inngest-driver).
import { Inngest } from "inngest";
import { getEnv } from "@/lib/config/env";
import { withLocalDriver } from "@/lib/inngest-driver/client-options";
import { logger } from "@/lib/logging/logger";

export const inngest = new Inngest(withLocalDriver({ id: "ledgerline", logger: logger() }, getEnv()));
