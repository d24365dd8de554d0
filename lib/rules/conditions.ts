// Rule conditions, checked only for rules whose trigger matched (the cheap part comes first).
import type { Conditions } from "@/lib/validation/rule";
import { compileBusinessHours, isOpenAt, localTimeIn, type CompiledBusinessHours, type LocalTime } from "./business-hours";
import type { ConditionName, EvaluateInput } from "./types";

/** Conditions with lookups prepared. */
export interface CompiledConditions {
  firstMessageOnly: boolean;
  groupIds?: ReadonlySet<number>;
  businessHours?: CompiledBusinessHours;
  emailDomain?: { op: "is" | "is_not"; domains: readonly string[] };
}

export function compileConditions(conditions: Conditions): CompiledConditions {
  return {
    firstMessageOnly: conditions.firstMessageOnly,
    groupIds: conditions.groupIds ? new Set(conditions.groupIds) : undefined,
    businessHours: conditions.businessHours ? compileBusinessHours(conditions.businessHours) : undefined,
    emailDomain: conditions.customer?.emailDomain,
  };
}

/** "eu.acme.com" is in "acme.com"; the comparison ignores case. */
function domainMatches(email: string, domains: readonly string[]): boolean {
  const at = email.lastIndexOf("@");
  if (at < 0) return false;
  const domain = email.slice(at + 1).trim().toLowerCase();
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** Per-evaluation cache of local times, so rules sharing a zone format the instant once. */
export type LocalTimeCache = Map<string, LocalTime>;

/** The first condition that fails, or undefined when all hold. */
export function failedCondition(conditions: CompiledConditions, input: EvaluateInput, localTimes: LocalTimeCache): ConditionName | undefined {
  if (conditions.firstMessageOnly && !input.isFirstCustomerMessage) return "first_message";
  if (conditions.groupIds && (input.groupId === undefined || !conditions.groupIds.has(input.groupId))) return "group";
  const hours = conditions.businessHours;
  if (hours) {
    let local = localTimes.get(hours.timeZone);
    if (!local) {
      local = localTimeIn(hours.timeZone, input.now);
      localTimes.set(hours.timeZone, local);
    }
    if (isOpenAt(hours, local) !== (hours.when === "open")) return "business_hours";
  }
  const emailDomain = conditions.emailDomain;
  if (emailDomain) {
    const email = input.customer?.email;
    // An unknown email is "not in" any domain: "is" fails, "is_not" holds.
    const inDomains = email ? domainMatches(email, emailDomain.domains) : false;
    if (inDomains !== (emailDomain.op === "is")) return "email_domain";
  }
  return undefined;
}
