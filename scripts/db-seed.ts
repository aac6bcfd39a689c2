// npm run db:seed — loads the demo data set once (a no-op when it is already there).
import { closeDb, db } from "@/lib/db/client";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { getEnv } from "@/lib/config/env";
import { simulatorBaseUrl } from "@/lib/stripe/client";
import { runScript } from "./run-script";

runScript(async () => {
  try {
    const result = await seedDemoData(db(), getEnv().STRIPE_SECRET_KEY ? {} : { hostedBaseUrl: simulatorBaseUrl() });
    console.log(result.seeded ? `Seeded ${result.tenants} tenants and ${result.invoices} invoices.` : "Demo data already present: nothing to do.");
  } finally {
    await closeDb();
  }
});
