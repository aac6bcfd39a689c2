import { expect, it } from "vitest";
import { startHarness } from "./harness";

it("idles cheaply", async () => {
  const h = await startHarness((inngest) => [inngest.createFunction({ id: "x", triggers: [{ event: "x" }] }, async () => 1)]);
  await h.inngest.send({ name: "x", data: {} });
  await h.driver.waitForIdle();
  const before = process.cpuUsage();
  await new Promise((r) => setTimeout(r, 2000));
  const used = process.cpuUsage(before);
  console.log("cpu ms in 2s idle:", (used.user + used.system) / 1000);
  await h.close();
  expect(true).toBe(true);
});
