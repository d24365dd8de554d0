// The RTM endpoint `/v3.6/agent/rtm/ws?organization_id=…` (livechat-api.md 4.1). The docs list
// `organization_id` as required: a missing one is refused with 400 and an unknown one with 404
// before the websocket opens.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { EmulatorContext } from "./context";
import { RtmConnection } from "./rtm-connection";

export const RTM_PATH = "/v3.6/agent/rtm/ws";

function refuse(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ error: { type: status === 404 ? "license_not_found" : "validation", message } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export class RtmServer {
  // autoPong is off so a half-open socket (fault switch) can ignore control-frame pings too.
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false });

  constructor(private readonly ctx: EmulatorContext) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    if (url.pathname !== RTM_PATH) return refuse(socket, 404, "Not Found", "Unknown websocket endpoint");
    const organizationId = url.searchParams.get("organization_id");
    if (!organizationId) return refuse(socket, 400, "Bad Request", "`organization_id` is required");
    if (!this.ctx.state.organizations.has(organizationId)) return refuse(socket, 404, "Not Found", "Unknown organization");
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      new RtmConnection(this.ctx, ws, organizationId);
    });
  }

  close(): void {
    for (const peer of this.ctx.hub.all()) peer.terminate();
    this.wss.close();
  }
}
