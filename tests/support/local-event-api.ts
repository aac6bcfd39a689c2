// Vitest setup: gives each test process's Inngest client the local driver's event API, as
// instrumentation.ts does in the server, so sends are stored even where no driver runs.
import { attachEventApi } from "@/lib/runtime/local-driver";

await attachEventApi();
