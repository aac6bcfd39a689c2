// Runs once when the server starts: validates the environment before any request is served,
// then starts what runs beside the web server (lib/runtime/background-services.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("@/lib/config/env");
  getEnv();
  const runtime = await import("@/lib/runtime/background-services");
  // Without the services, events sent by this server are still stored for a driver elsewhere.
  if (process.env.LEDGERLINE_BACKGROUND_SERVICES === "off") await runtime.attachLocalEventApi();
  else await runtime.startBackgroundServices();
}
