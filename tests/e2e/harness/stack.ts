// A whole product for one browser test file: the LiveChat emulator, a fresh SQLite database, the
// production build served by `next start`, and Chromium. Later test files reuse it as is.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildDemoSeed, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, startEmulator, type Emulator, type EmulatorTimings, type SeedInput } from "../../emulator";
import { createTestDatabase, type TestDatabase } from "../../helpers/database";
import { startAppServer, type AppServer } from "./app-server";
import { launchBrowser } from "./browser";
import { ensureBuilt } from "./build";
import { trackIssuedSecrets, type IssuedSecrets } from "./issued-tokens";
import { freePort } from "./ports";
import { ResponseRecorder } from "./secret-scan";
import { startWorkerProcess, type WorkerProcess } from "./worker-process";

export interface StackOptions {
  /** The emulator's seed; it must whitelist `redirectUri` for the client the app uses. Default: the demo. */
  seed?: (redirectUri: string) => SeedInput;
  clientId?: string;
  clientSecret?: string;
  timings?: Partial<EmulatorTimings>;
  /** Extra configuration for the app. */
  env?: Record<string, string>;
  /** Also run the worker (with the app's configuration plus these variables). Default: no worker. */
  worker?: boolean | Record<string, string>;
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** What the browser received from the app, for the secret scan. */
  recorder: ResponseRecorder;
  close(): Promise<void>;
}

export interface Stack {
  emulator: Emulator;
  app: AppServer;
  database: TestDatabase;
  /** The SQLite file the app writes. */
  databaseFile: string;
  secrets: IssuedSecrets;
  browser: Browser;
  /** The worker, when `worker` was asked for. */
  worker: WorkerProcess | undefined;
  newSession(): Promise<BrowserSession>;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  await ensureBuilt();
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/api/auth/callback`;
  const emulator = await startEmulator({ timings: options.timings, seed: (options.seed ?? ((uri) => buildDemoSeed([uri])))(redirectUri) });
  const secrets = trackIssuedSecrets(emulator);
  const database = await createTestDatabase("sqlite");
  const appOptions = {
    port,
    databaseUrl: database.url,
    livechatUrl: emulator.url,
    clientId: options.clientId ?? DEMO_CLIENT_ID,
    clientSecret: options.clientSecret ?? DEMO_CLIENT_SECRET,
    env: options.env,
  };
  let app: AppServer | undefined;
  let browser: Browser;
  let worker: WorkerProcess | undefined;
  try {
    app = await startAppServer(appOptions);
    if (options.worker) worker = await startWorkerProcess(app.env, options.worker === true ? {} : options.worker);
    browser = await launchBrowser();
  } catch (error) {
    // A half-started stack must not leave an emulator, a server or a database behind.
    await worker?.stop();
    await app?.stop();
    await emulator.close();
    await database.drop();
    throw error;
  }
  const server = app;
  const sessions = new Set<BrowserSession>();
  const stack: Stack = {
    emulator,
    app: server,
    database,
    databaseFile: database.url.slice("file:".length),
    secrets,
    browser,
    worker,
    async newSession() {
      const context = await browser.newContext({ baseURL: server.url });
      const session: BrowserSession = {
        context,
        page: await context.newPage(),
        recorder: new ResponseRecorder(context, server.url),
        close: async () => {
          sessions.delete(session);
          await context.close();
        },
      };
      sessions.add(session);
      return session;
    },
    async stop() {
      for (const session of [...sessions]) await session.close();
      await browser.close();
      await worker?.stop();
      await server.stop();
      await emulator.close();
      await database.drop();
    },
  };
  return stack;
}
