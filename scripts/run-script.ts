// Runs a command-line script: a failure prints one clear message and exits non-zero.
export function runScript(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`\n${message}\n`);
      if (process.env.LOG_LEVEL === "debug" && error instanceof Error) console.error(error.stack);
      process.exit(1);
    },
  );
}
