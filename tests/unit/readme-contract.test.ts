// The README says what the code does: the LiveChat scopes it lists are exactly the ones the product
// asks for, in the right step, and the worker command it documents for deployment is the one the
// npm script and the tests run.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BOT_MANAGEMENT_SCOPES, SIGN_IN_SCOPES } from "../../lib/livechat/scopes";

const root = path.resolve(import.meta.dirname, "../..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
const packageJson = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };

/** The step of "Using it with your LiveChat" that lists the access scopes. */
function scopeStep(): { signIn: string[]; botManagement: string[] } {
  const step = /3\. Access scopes:([\s\S]*?)\n\d\. /.exec(readme)?.[1];
  if (!step) throw new Error("README: the access-scopes step is missing");
  const [signIn = "", botManagement = ""] = step.split("(every agent signs in with these)");
  const scopes = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
  return { signIn: scopes(signIn), botManagement: scopes(botManagement) };
}

describe("README", () => {
  it("lists exactly the scopes asked at sign-in and in the bot-management grant", () => {
    const { signIn, botManagement } = scopeStep();
    expect(signIn.sort()).toEqual(SIGN_IN_SCOPES.map((entry) => entry.scope).sort());
    expect(botManagement.sort()).toEqual(BOT_MANAGEMENT_SCOPES.map((entry) => entry.scope).sort());
  });

  it("documents the worker command that receives the supervisor's signal, and npm runs the same", () => {
    const command = "node --import tsx worker/main.ts";
    const deploy = readme.slice(readme.indexOf("## Deploying"), readme.indexOf("## Architecture"));
    expect(deploy).toContain(`\`\`\`sh\n  ${command}\n  \`\`\``);
    expect(packageJson.scripts.worker).toBe(command);
    // tests/integration/worker/world.ts spawns this command for the SIGTERM hand-over test.
    const world = fs.readFileSync(path.join(root, "tests/integration/worker/world.ts"), "utf8");
    expect(world).toContain('[...nodeArgs, "--import", "tsx", "worker/main.ts"]');
  });
});
