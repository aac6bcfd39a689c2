// npm run demo:remove-users — deletes the demo accounts that still sign in with the published
// password (audited), so the app may start with demo mode off.
import { closeDb, db } from "@/lib/db/client";
import { removeDemoUsers } from "@/lib/demo/remove-demo-users";
import { runScript } from "./run-script";

runScript(async () => {
  try {
    const removed = await removeDemoUsers(db(), "system:demo-remove-users");
    console.log(removed.length === 0 ? "No demo account with the published password: nothing to remove." : `Removed ${removed.length} demo account(s): ${removed.map((u) => u.email).join(", ")}.`);
  } finally {
    await closeDb();
  }
});
