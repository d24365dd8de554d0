// The worker process's core: it registers a heartbeat, takes leases on organizations that have a
// usable connection, runs one OrgRuntime per organization it owns, keeps the leases renewed, and
// shuts down in order (stop intake → finish in-flight replies → close sockets → release leases).
// start() and stop() are idempotent; every wait is abortable.
import type http from "node:http";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import type { Db } from "../lib/db";
import type { DatabaseProvider } from "../lib/env";
import { RequestCountBuffer } from "../lib/data/request-counts";
import type { Logger } from "../lib/log";
import { ConfigWatcher, notifyLeasesReleased } from "./config-watcher";
import type { CredentialSource } from "./credential-source";
import { startHealthServer, type HealthSnapshot, type Readiness } from "./health-server";
import { registerHeartbeat, type Heartbeat } from "./heartbeat";
import { LeaseStore } from "./leases";
import { WorkerMetrics } from "./metrics";
import { OrgRuntime } from "./org-runtime";
import type { WorkerSettings } from "./settings";
import { jitter, sleep } from "./sleep";
import { WebhookInbox } from "./webhook-inbox";

export interface WorkerOptions {
  db: Db;
  provider: DatabaseProvider;
  databaseUrl: string;
  settings: WorkerSettings;
  credentials: CredentialSource;
  log: Logger;
  /** Serve GET /healthz (default true). */
  serveHealth?: boolean;
  /** Where LiveChat request counts go (livechat-api.md 10.1); created here when not given. */
  requestCounts?: RequestCountBuffer;
}

interface Owned {
  runtime: OrgRuntime;
  epoch: number;
  /** Start of the last renewal that succeeded: the lease runs TTL from there. */
  renewedAt: number;
}

const EVENT_LOOP_RESOLUTION_MS = 10;

/** /healthz reports the event-loop delay over windows of this length. */
const METRICS_WINDOW_MS = 5_000;

/** At most this many organizations are taken per scan, so workers started together share. */
const ACQUIRE_BATCH = 200;

export class Worker {
  private state: "idle" | "running" | "stopping" | "stopped" = "idle";
  private readonly owned = new Map<string, Owned>();
  private readonly leases: LeaseStore;
  private readonly abort = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private wakeLeaseLoop: (() => void) | null = null;
  private heartbeat: Heartbeat | null = null;
  private health: http.Server | null = null;
  private watcher: ConfigWatcher | null = null;
  private readonly inbox: WebhookInbox;
  readonly metrics = new WorkerMetrics();
  /** When the lease loop last renewed (or had nothing to renew): /readyz fails when it falls behind. */
  private lastLeasePassAt = Date.now();
  private readonly requestCounts: RequestCountBuffer;
  private stopping: Promise<void> | null = null;
  private readonly eventLoop: IntervalHistogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  /** Event-loop delay of the last completed window (the histogram restarts every window). */
  private lastEventLoopWindow: { p50: number; p99: number; max: number; windowMs: number } | null = null;
  private readonly startedAt = new Date();
  private readonly log: Logger;

  constructor(private readonly options: WorkerOptions) {
    this.leases = new LeaseStore(options.db, options.settings.workerId, options.settings.leaseTtlMs);
    // Every line of this worker carries its id (organization and chat scopes are added below it).
    this.log = options.log.child({ workerId: options.settings.workerId });
    this.requestCounts =
      options.requestCounts ?? new RequestCountBuffer(options.db, { flushIntervalMs: options.settings.requestCountFlushMs, log: this.log });
    this.inbox = new WebhookInbox({
      db: options.db,
      provider: options.provider,
      clientId: options.settings.clientId,
      pollIntervalMs: options.settings.inboxPollIntervalMs,
      log: this.log,
      owned: () => this.ownedOrgIds(),
      consumer: (orgId) => this.owned.get(orgId)?.runtime,
    });
  }

  get workerId(): string {
    return this.options.settings.workerId;
  }

  /** The port /healthz, /readyz and /metrics listen on (null when not served). */
  healthPort(): number | null {
    const address = this.health?.address();
    return address && typeof address === "object" ? address.port : null;
  }

  /** Organization ids this worker holds right now. */
  ownedOrgIds(): string[] {
    return [...this.owned.keys()];
  }

  runtime(orgId: string): OrgRuntime | undefined {
    return this.owned.get(orgId)?.runtime;
  }

  async start(): Promise<void> {
    if (this.state !== "idle") return;
    this.state = "running";
    const { db, settings } = this.options;
    this.eventLoop.enable();
    this.heartbeat = await registerHeartbeat(db, settings.workerId, settings.version);
    if (this.options.serveHealth !== false) {
      this.health = await startHealthServer(
        { port: settings.healthPort, host: settings.healthHost },
        { snapshot: () => this.snapshot(), readiness: () => this.readiness(), metrics: () => this.metricsText() },
      );
    }
    this.watcher = new ConfigWatcher({
      db,
      provider: this.options.provider,
      databaseUrl: this.options.databaseUrl,
      pollIntervalMs: settings.configPollIntervalMs,
      log: this.log,
      owned: () => this.ownedOrgIds(),
      onVersion: (orgId, version) => {
        const runtime = this.owned.get(orgId)?.runtime;
        if (runtime) void runtime.reloadConfig(version === undefined ? { force: true } : { knownVersion: version });
      },
      onLeasesReleased: () => this.wakeLeaseLoop?.(),
      onWebhook: (orgId) => void this.inbox.wake(orgId),
    });
    this.watcher.start();
    await this.inbox.start();
    this.loops.push(this.leaseLoop(), this.heartbeatLoop(), this.metricsLoop());
    const address = this.health?.address();
    const health = address && typeof address === "object" ? address : null;
    this.log.info("worker started", { healthHost: health?.address ?? null, healthPort: health?.port ?? null });
  }

  /**
   * First call drains (in-flight replies get `drainTimeoutMs`), closes sockets with 1000 and
   * releases leases; `force` skips the drain and drops sockets. Idempotent.
   */
  stop(options: { force?: boolean } = {}): Promise<void> {
    this.stopping ??= (async () => {
      this.state = "stopping";
      this.log.info("worker stopping", { organizations: this.owned.size, force: options.force ?? false });
      this.abort.abort();
      await Promise.all(this.loops);
      await Promise.all(
        [...this.owned.values()].map((entry) =>
          entry.runtime.stop({
            drainMs: options.force ? 0 : this.options.settings.drainTimeoutMs,
            force: options.force ?? false,
            reason: "worker shutting down",
            finalState: "idle",
          }),
        ),
      );
      this.owned.clear();
      try {
        await this.leases.releaseAll();
        await notifyLeasesReleased(this.options.db, this.options.provider, this.workerId);
      } catch (error) {
        this.log.warn("leases not released; they expire on their own", { error });
      }
      await this.watcher?.stop();
      await this.inbox.stop();
      await this.requestCounts.stop();
      await this.heartbeat?.stop().catch(() => undefined);
      await new Promise<void>((resolve) => (this.health ? this.health.close(() => resolve()) : resolve()));
      this.eventLoop.disable();
      this.state = "stopped";
      this.log.info("worker stopped");
    })();
    return this.stopping;
  }

  /** Whether this worker may still act for `orgId` (its lease was renewed recently enough). */
  isLeaseValid(orgId: string): boolean {
    const entry = this.owned.get(orgId);
    return entry !== undefined && Date.now() - entry.renewedAt < this.options.settings.leaseRenewDeadlineMs;
  }

  snapshot(): HealthSnapshot {
    const states: Record<string, number> = {};
    for (const entry of this.owned.values()) {
      const status = entry.runtime.status().status;
      states[status] = (states[status] ?? 0) + 1;
    }
    return {
      status: this.state === "running" ? "ok" : "stopping",
      workerId: this.workerId,
      startedAt: this.startedAt.toISOString(),
      organizations: this.owned.size,
      connections: states,
      rssBytes: process.memoryUsage().rss,
      heapUsedBytes: process.memoryUsage().heapUsed,
      cpuSeconds: (() => {
        const usage = process.cpuUsage();
        return Math.round((usage.user + usage.system) / 1e4) / 100;
      })(),
      eventLoopDelayMs: this.lastEventLoopWindow ?? this.eventLoopNow(),
    };
  }

  /** Ready: the database answers within a second and the lease loop renewed on time. */
  async readiness(): Promise<Readiness> {
    const database = await Promise.race([
      this.options.db.$queryRawUnsafe("SELECT 1").then(
        () => ({ ok: true }),
        (error: unknown) => ({ ok: false, detail: error instanceof Error ? error.message : String(error) }),
      ),
      sleep(1_000).then(() => ({ ok: false, detail: "no answer within 1 s" })),
    ]);
    const sinceRenewal = Date.now() - this.lastLeasePassAt;
    const leases =
      sinceRenewal < this.options.settings.leaseRenewDeadlineMs
        ? { ok: true }
        : { ok: false, detail: `leases last renewed ${Math.round(sinceRenewal / 1000)} s ago` };
    const running = this.state === "running" ? { ok: true } : { ok: false, detail: this.state };
    return { ready: database.ok && leases.ok && running.ok, checks: { running, database, leases } };
  }

  /** Prometheus text; gauges that are cheap to read now are set at scrape time. */
  async metricsText(): Promise<{ contentType: string; body: string }> {
    const { metrics } = this;
    metrics.leasesHeld.set(this.owned.size);
    const window = this.lastEventLoopWindow ?? this.eventLoopNow();
    metrics.eventLoopDelay.set({ quantile: "0.5" }, window.p50 / 1000);
    metrics.eventLoopDelay.set({ quantile: "0.99" }, window.p99 / 1000);
    metrics.eventLoopDelay.set({ quantile: "1" }, window.max / 1000);
    const owned = this.ownedOrgIds();
    if (owned.length > 0) {
      const pending = await this.options.db.webhookInbox
        .count({ where: { status: "pending", orgId: { in: owned.slice(0, 1_000) } } })
        .catch(() => null);
      if (pending !== null) metrics.inboxDepth.set(pending);
    } else {
      metrics.inboxDepth.set(0);
    }
    return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
  }

  private eventLoopNow(): { p50: number; p99: number; max: number; windowMs: number } {
    // The histogram records each sampling interval; what exceeds the interval is the delay.
    const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - EVENT_LOOP_RESOLUTION_MS) * 100) / 100);
    return {
      p50: ms(this.eventLoop.percentile(50)),
      p99: ms(this.eventLoop.percentile(99)),
      max: ms(this.eventLoop.max),
      windowMs: METRICS_WINDOW_MS,
    };
  }

  private async metricsLoop(): Promise<void> {
    while (await sleep(METRICS_WINDOW_MS, this.abort.signal)) {
      this.lastEventLoopWindow = this.eventLoopNow();
      this.eventLoop.reset();
    }
  }

  // ── Leases ─────────────────────────────────────────────────────────────────────────────────

  private async leaseLoop(): Promise<void> {
    const signal = this.abort.signal;
    const { settings } = this.options;
    let lastRenew = 0;
    while (!signal.aborted) {
      if (Date.now() - lastRenew >= settings.leaseRenewIntervalMs) {
        lastRenew = Date.now();
        await this.renewLeases();
      }
      this.dropExpired();
      await this.scan().catch((error: unknown) => this.log.warn("lease scan failed", { error }));
      const wake = new AbortController();
      this.wakeLeaseLoop = () => wake.abort();
      await sleep(jitter(settings.leaseScanIntervalMs, 0.2), AbortSignal.any([signal, wake.signal]));
      this.wakeLeaseLoop = null;
    }
  }

  private async renewLeases(): Promise<void> {
    if (this.owned.size === 0) {
      this.lastLeasePassAt = Date.now();
      return;
    }
    const startedAt = Date.now();
    const epochs = new Map([...this.owned].map(([orgId, entry]) => [orgId, entry.epoch]));
    try {
      const { lost } = await this.leases.renew(epochs);
      const lostSet = new Set(lost);
      for (const [orgId, epoch] of epochs) {
        const entry = this.owned.get(orgId);
        if (!entry || entry.epoch !== epoch) continue;
        if (lostSet.has(orgId)) void this.drop(orgId, { reason: "lease_lost", release: false });
        else entry.renewedAt = startedAt;
      }
      this.lastLeasePassAt = startedAt;
    } catch (error) {
      this.log.warn("lease renewal failed", { error });
    }
  }

  /** Organizations whose lease could not be renewed in time are dropped before anyone takes over. */
  private dropExpired(): void {
    for (const orgId of this.owned.keys()) {
      if (!this.isLeaseValid(orgId)) void this.drop(orgId, { reason: "lease_not_renewed", release: false });
    }
  }

  private async scan(): Promise<void> {
    if (this.state !== "running") return;
    const capacity = this.options.settings.maxOrganizations - this.owned.size;
    if (capacity <= 0) return;
    const candidates = await this.eligibleOrgIds();
    if (candidates.length === 0) return;
    // Shuffled, so workers scanning at the same moment mostly go for different organizations.
    for (let i = candidates.length - 1; i > 0; i -= 1) {
      const j = Math.floor(Math.random() * (i + 1));
      [candidates[i], candidates[j]] = [candidates[j] as string, candidates[i] as string];
    }
    const startedAt = Date.now();
    const grants = await this.leases.acquire(candidates.slice(0, Math.min(capacity, ACQUIRE_BATCH)));
    for (const grant of grants) {
      if (this.state !== "running") break;
      this.startRuntime(grant.orgId, grant.epoch, startedAt);
    }
  }

  /**
   * Organizations with an active connection credential whose lease is free or expired. One that
   * stopped for a reason a person must fix waits until its credential changes (a new sign-in).
   */
  private async eligibleOrgIds(): Promise<string[]> {
    const now = new Date();
    const orgs = await this.options.db.organization.findMany({
      where: {
        connectionCredentialId: { not: null },
        connectionCredential: { is: { status: "active" } },
        // Free, expired, or left by an earlier run under our WORKER_ID; the database does the
        // filtering so a worker holding a thousand organizations does not re-read them all.
        OR: [
          { lease: { is: null } },
          { lease: { is: { workerId: null } } },
          { lease: { is: { expiresAt: { lt: now } } } },
          { lease: { is: { workerId: this.workerId, acquiredAt: { lt: this.startedAt } } } },
        ],
      },
      select: {
        id: true,
        connectionCredential: { select: { updatedAt: true } },
        connection: { select: { stoppedReason: true, stateSince: true } },
      },
    });
    return orgs
      .filter((org) => {
        if (this.owned.has(org.id)) return false;
        const stopped = org.connection?.stoppedReason;
        if (stopped && org.connectionCredential && org.connectionCredential.updatedAt <= (org.connection?.stateSince ?? new Date(0))) return false;
        return true;
      })
      .map((org) => org.id);
  }

  private startRuntime(orgId: string, epoch: number, renewedAt: number): void {
    const runtime = new OrgRuntime({
      db: this.options.db,
      provider: this.options.provider,
      settings: this.options.settings,
      orgId,
      epoch,
      credentials: this.options.credentials,
      log: this.log,
      meter: this.metrics.meter(this.requestCounts.meterFor(orgId)),
      metrics: this.metrics,
      webhooksActive: () => this.inbox.webhooksActive,
      isLeaseValid: () => this.isLeaseValid(orgId) && this.owned.get(orgId)?.epoch === epoch,
      onTerminated: (id, info) => void this.drop(id, info),
    });
    this.owned.set(orgId, { runtime, epoch, renewedAt });
    this.log.info("organization acquired", { orgId, epoch });
    runtime.start().then(
      (started) => {
        if (!started) void this.drop(orgId, { reason: "organization_gone", release: true });
      },
      (error: unknown) => {
        this.log.error("organization failed to start", { orgId, error });
        void this.drop(orgId, { reason: "start_failed", release: true });
      },
    );
  }

  private async drop(orgId: string, info: { reason: string; release: boolean }): Promise<void> {
    const entry = this.owned.get(orgId);
    if (!entry) return;
    this.owned.delete(orgId);
    const lost = info.reason === "lease_lost" || info.reason === "lease_not_renewed";
    this.log.info("organization dropped", { orgId, reason: info.reason });
    // A lost lease means someone else may already be connected: drop the socket, write nothing more.
    await entry.runtime.stop({ drainMs: 0, force: lost, reason: info.reason, ...(lost ? {} : { finalState: "stopped" as const }) });
    if (info.release) {
      await this.leases.release(new Map([[orgId, entry.epoch]])).catch((error: unknown) => this.log.warn("lease not released", { orgId, error }));
    }
  }

  private async heartbeatLoop(): Promise<void> {
    while (await sleep(this.options.settings.heartbeatIntervalMs, this.abort.signal)) {
      await this.heartbeat?.beat().catch((error: unknown) => this.log.warn("heartbeat failed", { error }));
    }
  }
}
