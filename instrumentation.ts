// Runs once when the server starts: validates the environment before any request is served,
// then starts what runs beside the web server (lib/runtime/background-services.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("@/lib/config/env");
  getEnv();
  if (process.env.LEDGERLINE_BACKGROUND_SERVICES === "off") return;
  const { startBackgroundServices } = await import("@/lib/runtime/background-services");
  await startBackgroundServices();
}
