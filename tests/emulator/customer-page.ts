// `GET /customer`: a plain page to play the customer — pick organization and group, start a chat,
// write, and watch agent and bot replies appear (it polls the control API).
import { page } from "./page-style";

const EXTRA_CSS = `
<style>
ol.transcript{list-style:none;margin:1rem 0;padding:0;max-height:24rem;overflow-y:auto;border:1px solid #e3e7ec;border-radius:10px;padding:.75rem;background:#fafbfc}
ol.transcript li{margin:.4rem 0;display:flex;flex-direction:column}
ol.transcript li .bubble{display:inline-block;max-width:80%;padding:.45rem .7rem;border-radius:12px;background:#e9edf2;white-space:pre-wrap;word-break:break-word}
ol.transcript li.customer{align-items:flex-end}
ol.transcript li.customer .bubble{background:#2455d6;color:#fff}
ol.transcript li.bot .bubble{background:#eaf6ee}
ol.transcript li.system{align-items:center;color:#5b6573;font-size:.85rem}
ol.transcript .author{font-size:.75rem;color:#5b6573;margin-bottom:.1rem}
#status{font-weight:600}
[hidden]{display:none!important}
</style>`;

const BODY = `${EXTRA_CSS}
<div class="card">
<h1>Customer chat</h1>
<p class="lead">Play a customer of one of the organizations and talk to its bots and agents.</p>
<form id="start-form">
  <label for="organization">Organization</label>
  <select id="organization" name="organization" required></select>
  <label for="group">Group</label>
  <select id="group" name="group" required></select>
  <label for="name">Your name</label>
  <input id="name" name="name" autocomplete="name" required value="Casey Customer">
  <label for="email">E-mail (optional)</label>
  <input id="email" name="email" type="email" autocomplete="email">
  <p><button type="submit">Start chat</button></p>
  <p id="start-error" class="error" role="alert"></p>
</form>
<section id="chat" hidden aria-labelledby="chat-title">
  <h2 id="chat-title">Conversation</h2>
  <p id="status" role="status" aria-live="polite"></p>
  <ol id="transcript" class="transcript" aria-live="polite" aria-label="Messages"></ol>
  <form id="message-form" class="row">
    <div><label for="message">Your message</label><input id="message" name="message" autocomplete="off" required></div>
    <button type="submit">Send</button>
  </form>
  <p class="row"><button type="button" id="end" class="secondary">End chat</button><button type="button" id="new" class="secondary">Start a new chat</button></p>
  <p id="chat-error" class="error" role="alert"></p>
</section>
</div>`;

const SCRIPT = `
const $ = (id) => document.getElementById(id);
let organizations = [];
let chatId = null;
let timer = null;
let shown = "";

async function api(method, path, body) {
  const response = await fetch("/_emulator/" + path, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json();
  if (!response.ok) throw new Error((data.error && data.error.message) || response.statusText);
  return data;
}

function fillGroups() {
  const org = organizations.find((o) => o.id === $("organization").value);
  $("group").replaceChildren(...(org ? org.groups : []).map((g) => new Option(g.name + " (" + g.id + ")", String(g.id))));
}

async function loadOrganizations() {
  organizations = await api("GET", "organizations");
  $("organization").replaceChildren(...organizations.map((o) => new Option(o.name, o.id)));
  const params = new URLSearchParams(location.search);
  if (params.get("organizationId")) $("organization").value = params.get("organizationId");
  fillGroups();
  if (params.get("groupId")) $("group").value = params.get("groupId");
}

function render(transcript) {
  const visible = transcript.events.filter((e) => e.visibility === "all" && e.text !== null);
  const key = JSON.stringify([visible.map((e) => e.id), transcript.active, transcript.queued, transcript.agents]);
  if (key === shown) return;
  shown = key;
  const items = visible.map((e) => {
    const li = document.createElement("li");
    li.className = e.authorType;
    if (e.authorType !== "system" && e.authorType !== "customer") {
      const author = document.createElement("span");
      author.className = "author";
      author.textContent = e.authorName + (e.authorType === "bot" ? " (bot)" : "");
      li.append(author);
    }
    const bubble = document.createElement("span");
    bubble.className = "bubble";
    bubble.textContent = e.text;
    li.append(bubble);
    return li;
  });
  $("transcript").replaceChildren(...items);
  $("transcript").scrollTop = $("transcript").scrollHeight;
  const names = transcript.agents.map((a) => a.name + (a.kind === "bot" ? " (bot)" : "")).join(", ");
  $("status").textContent = !transcript.active
    ? "The chat is closed. Write again to reopen it."
    : transcript.queued ? "Waiting in the queue for an agent…" : names ? "Chatting with " + names : "Connected";
}

async function poll() {
  if (!chatId) return;
  try {
    render(await api("GET", "chats/" + encodeURIComponent(chatId) + "/transcript"));
    $("chat-error").textContent = "";
  } catch (error) {
    $("chat-error").textContent = error.message;
  }
}

$("organization").addEventListener("change", fillGroups);

$("start-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("start-error").textContent = "";
  try {
    const result = await api("POST", "chats", {
      organizationId: $("organization").value,
      groupId: Number($("group").value),
      customer: { name: $("name").value, email: $("email").value || undefined },
    });
    chatId = result.chatId;
    shown = "";
    $("start-form").hidden = true;
    $("chat").hidden = false;
    $("message").focus();
    await poll();
    timer = setInterval(poll, 700);
  } catch (error) {
    $("start-error").textContent = error.message;
  }
});

$("message-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("message").value.trim();
  if (!text) return;
  try {
    await api("POST", "chats/" + encodeURIComponent(chatId) + "/customer-messages", { text });
    $("message").value = "";
    await poll();
  } catch (error) {
    $("chat-error").textContent = error.message;
  }
});

$("end").addEventListener("click", async () => {
  try {
    await api("POST", "chats/" + encodeURIComponent(chatId) + "/close", {});
    await poll();
  } catch (error) {
    $("chat-error").textContent = error.message;
  }
});

$("new").addEventListener("click", () => {
  clearInterval(timer);
  chatId = null;
  $("transcript").replaceChildren();
  $("chat").hidden = true;
  $("start-form").hidden = false;
  $("organization").focus();
});

loadOrganizations().catch((error) => { $("start-error").textContent = error.message; });
`;

export function customerPage(): string {
  return page("Customer chat", BODY, SCRIPT);
}
