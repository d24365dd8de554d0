// `npm run emulator -- --port 3100 --seed demo [--host 127.0.0.1] [--redirect-uri <uri>]…
//   [--state-file <path> [--reset]]`
// Starts the emulator, prints its URL, and stops cleanly on SIGINT/SIGTERM. With `--state-file`
// the LiveChat data survives a restart (saved after changes and on stop); `--reset` starts over.
import { parseArgs } from "node:util";
import { buildDemoSeed, DEMO_REDIRECT_URI, startEmulator } from "./index";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "3100" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string", default: "demo" },
      "redirect-uri": { type: "string", multiple: true },
      "state-file": { type: "string" },
      reset: { type: "boolean", default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number, got ${values.port}`);
  if (values.seed !== "demo" && values.seed !== "none") throw new Error(`--seed must be "demo" or "none", got ${values.seed}`);
  if (values.reset && !values["state-file"]) throw new Error("--reset needs --state-file <path>");
  const redirectUris = values["redirect-uri"] ?? [DEMO_REDIRECT_URI];
  const stateFile = values["state-file"];
  const emulator = await startEmulator({
    port,
    host: values.host,
    seed: values.seed === "demo" ? buildDemoSeed(redirectUris) : undefined,
    stateFile,
    resetState: values.reset,
  });
  console.log(`LiveChat emulator listening on ${emulator.url}`);
  if (emulator.stateFile) {
    console.log(`  state file     ${emulator.stateFile} (${emulator.stateLoaded ? "loaded: bots, chats and tokens kept" : "new"}; --reset starts over)`);
  }
  console.log(`  sign-in page   ${emulator.url}/  (reached through the app's "Sign in with LiveChat")`);
  console.log(`  customer page  ${emulator.url}/customer`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`Received ${signal}, stopping the emulator`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("emulator: stopping failed", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
