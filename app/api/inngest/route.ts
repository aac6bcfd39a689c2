// Inngest's serve endpoint: sync (PUT), introspection (GET) and signed function calls (POST).
import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";

export const runtime = "nodejs";

export const { GET, POST, PUT } = serve({ client: inngest, functions });
