// Inngest's serve endpoint: sync (PUT), introspection (GET) and signed function calls (POST).
import { serveInngest } from "@/inngest/serve";

export const runtime = "nodejs";

export const { GET, POST, PUT } = serveInngest();
