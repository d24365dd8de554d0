// HTML of the sign-in page shown by `GET /` and of the `/ooops` error page (livechat-api.md 1.3).
import type { AuthorizeRequest } from "./authorize-request";
import { escapeHtml } from "./http-util";
import type { Agent, Organization } from "./model";
import { page } from "./page-style";

function hiddenFields(params: URLSearchParams): string {
  return [...params]
    .filter(([name]) => name !== "account_id" && name !== "decision")
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
}

function personRow(agent: Agent, hidden: string): string {
  const label = `Continue as ${agent.name}`;
  return `<li>
  <div class="who"><strong>${escapeHtml(agent.name)}<span class="role">${escapeHtml(agent.role)}</span></strong><span>${escapeHtml(agent.email)}</span></div>
  <form method="post" action="/authorize">${hidden}<input type="hidden" name="account_id" value="${escapeHtml(agent.accountId)}"><input type="hidden" name="decision" value="allow"><button type="submit" aria-label="${escapeHtml(label)} (${escapeHtml(agent.email)})">${escapeHtml(label)}</button></form>
</li>`;
}

export function signInPage(request: AuthorizeRequest, params: URLSearchParams, groups: { organization: Organization; agents: Agent[] }[]): string {
  const hidden = hiddenFields(params);
  const sections = groups
    .map(
      ({ organization, agents }) => `<section aria-labelledby="org-${escapeHtml(organization.id)}">
<h2 id="org-${escapeHtml(organization.id)}">${escapeHtml(organization.name)}</h2>
<ul class="people">${agents.map((agent) => personRow(agent, hidden)).join("")}</ul>
</section>`,
    )
    .join("");
  const body = `<div class="card">
<h1>Sign in to LiveChat</h1>
<p class="lead"><strong>${escapeHtml(request.client.name)}</strong> asks to access your LiveChat account. Pick who you are.</p>
${sections || '<p class="error">There are no accounts to sign in with.</p>'}
<h2>Requested access</h2>
<p class="muted">${request.scopes.map((scope) => `<code>${escapeHtml(scope)}</code>`).join(" ")}</p>
<form method="post" action="/authorize">${hidden}<input type="hidden" name="decision" value="deny"><button type="submit" class="secondary">Deny</button></form>
</div>`;
  return page("Sign in to LiveChat", body);
}

export function ooopsPage(exception: string, details: string | null): string {
  const body = `<div class="card" role="alert">
<h1>Something went wrong</h1>
<p class="lead">The sign-in request was refused.</p>
<p>Error: <code>${escapeHtml(exception)}</code></p>
${details ? `<p>Details: <code>${escapeHtml(details)}</code></p>` : ""}
</div>`;
  return page("Sign-in error", body);
}
