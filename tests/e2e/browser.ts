// Headless Chromium from the machine's package (no browser download), driven by playwright-core.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startAppServer, type AppServer } from "./app-server";

export const screenshotDir = path.resolve("test-results/e2e");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, origin: string, email: string): Promise<void> {
  await page.goto(`${origin}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("ledgerline-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
}

/** Starts the app and a browser before the file's tests and stops both after them. */
export function startAppAndBrowserForFile(): { readonly app: AppServer; readonly browser: Browser } {
  const handles = {} as { app: AppServer; browser: Browser };
  beforeAll(async () => {
    handles.app = await startAppServer();
    handles.browser = await launchBrowser();
  });
  afterAll(async () => {
    // A browser that does not close in 30 s is left behind rather than keeping the app running.
    await Promise.race([handles.browser?.close(), new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
    await handles.app?.stop();
  });
  return handles;
}
