// Every secret the LiveChat emulator hands out during a test: access and refresh tokens (also
// the ones revoked a moment later), bot tokens and bot secrets. The secret scans look for these.
import type { Emulator } from "../../emulator";

export interface IssuedSecrets {
  /** All values seen so far, including the ones issued before tracking began. */
  all(): string[];
}

export function trackIssuedSecrets(emulator: Emulator): IssuedSecrets {
  // The emulator keeps only live tokens in its store; hooking issuance also catches revoked ones.
  const ctx = emulator["ctx"];
  const store = ctx.tokens;
  const seen = new Set<string>();
  const issueForAgent = store.issueForAgent.bind(store);
  store.issueForAgent = (...args: Parameters<typeof store.issueForAgent>) => {
    const issued = issueForAgent(...args);
    seen.add(issued.access.token).add(issued.refresh.token);
    return issued;
  };
  const refresh = store.refresh.bind(store);
  store.refresh = (...args: Parameters<typeof store.refresh>) => {
    const access = refresh(...args);
    seen.add(access.token);
    return access;
  };
  return {
    all() {
      for (const token of store.accessTokens.keys()) seen.add(token);
      for (const token of store.refreshTokens.keys()) seen.add(token);
      for (const token of store.botTokens.keys()) seen.add(token);
      for (const bot of ctx.state.bots.values()) seen.add(bot.secret);
      return [...seen];
    },
  };
}
