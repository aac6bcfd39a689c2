// Runs once when the server starts: validates the environment before any request is served.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("@/lib/config/env");
  getEnv();
}
