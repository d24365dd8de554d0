import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgPage } from "@/lib/auth/org-page";
import { listBotsByOrgId } from "@/lib/data/bots";
import { listRules } from "@/lib/rules-service/manage-rules";
import { rulesContext } from "@/lib/rules-service/route-context";
import { getRuleSettings } from "@/lib/rules-service/rule-settings";
import { EmptyState, PageHeader } from "../_components/empty-state";
import { RulesPageClient } from "./page-client";

export const metadata: Metadata = { title: "Rules" };

export default async function RulesPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<{ bot?: string | string[]; prefill?: string | string[] }> }) {
  const { orgId } = await params;
  const { bot, prefill } = await searchParams;
  // "Create a rule from this message" (rule statistics) opens the editor with the message filled in.
  const prefillText = typeof prefill === "string" ? prefill.slice(0, 500) : undefined;
  const ctx = await requireOrgPage(orgId, "/rules");
  const bots = await listBotsByOrgId(ctx.db, { orgId: ctx.org.id });
  const header = <PageHeader title="Rules" description="What each bot does when a customer writes something: the first enabled rule that matches wins." />;
  const selected = bots.find((candidate) => candidate.id === bot) ?? bots[0];
  if (!selected) {
    return (
      <>
        {header}
        <EmptyState title="No bots yet">
          <p>Rules belong to a bot. Create or adopt a bot first, then give it rules here.</p>
          <Link className="button" href={`/orgs/${encodeURIComponent(ctx.org.id)}/bots`}>
            Go to Bots
          </Link>
        </EmptyState>
      </>
    );
  }
  const rules = rulesContext(ctx);
  const [list, settings] = await Promise.all([listRules(rules, selected.id), getRuleSettings(rules, selected.id)]);
  return (
    <>
      {header}
      <RulesPageClient
        key={selected.id}
        orgId={ctx.org.id}
        canManage={ctx.canManage}
        bots={bots.map((candidate) => ({ id: candidate.id, name: candidate.name }))}
        botId={selected.id}
        fallbackRules={list}
        fallbackSettings={settings}
        prefill={prefillText}
      />
    </>
  );
}
