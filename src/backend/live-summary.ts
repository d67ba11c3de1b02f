import { systemClock, type TimerClock } from '../session/expiry-timer.js';
import { EventStreamParser, readEventStream } from './event-stream.js';

/** What the stream keeps current: the summary feed. */
export interface LiveTarget {
  /** When the summary in hand was last known current (ms). */
  readonly fetchedAt: number;
  refresh(): Promise<void>;
  /** The stream is up (no periodic refresh) or down (refresh every `refreshSeconds`). */
  setLive(live: boolean): void;
  /** The summary in hand was current at this moment (the stream was up until then). */
  confirm(at?: number): void;
}

export interface LiveSummaryOptions {
  /** The absolute URL of the profile API's `me/events`. */
  url: string;
  /** Adds the credentials: the current bearer token (renewed when due) or the site's cookies. */
  authorize: (url: string, init: RequestInit) => Promise<RequestInit>;
  /** After a 401: new credentials; false when the session is over. */
  renew: () => Promise<boolean>;
  feed: LiveTarget;
  /** The summary feed's BroadcastChannel: the stream's tab says there whether the stream is up. */
  channelName: string;
  /** Whose summary: tabs of another citizen (or party) ignore what is said. */
  subject: string;
  /** The Web Lock whose holder reads the stream: one stream per browser and API. */
  lockName: string;
  clock?: TimerClock;
  random?: () => number;
  fetch?: typeof fetch;
}

type LiveMessage = { type: 'live?'; subject: string } | { type: 'live'; subject: string; up: boolean };

const BACKOFF_START_MS = 2000;
const BACKOFF_MAX_MS = 60_000;
/** A stream that ran this long and then ended (the access token it was opened with expired) is no failure. */
const HEALTHY_MS = 10_000;
/** No byte, not even a keep-alive comment (the reference backend sends one every 25 s): the connection is dead. */
const SILENCE_MS = 60_000;
/** A summary last known current longer ago than this when a stream opens may have missed a change. */
const GAP_MS = 5000;
/** Events within this long of a summary read's start are answered by one more read after it (a burst). */
const COALESCE_MS = 1000;

/**
 * The wait before reconnecting after `failures` failed streams in a row: the server's `retry` (at least 2 s),
 * doubled per failure up to 60 s, then "equal jitter" (half of it fixed, half random) so tabs and browsers
 * that lost the same server do not come back together.
 */
export function reconnectDelay(failures: number, retryMs: number | undefined, random: () => number): number {
  if (failures <= 0) return 0;
  const base = Math.min(BACKOFF_MAX_MS, Math.max(BACKOFF_START_MS, retryMs ?? 0) * 2 ** (failures - 1));
  return base * (0.5 + random() * 0.5);
}

/**
 * The summary as it changes: one `text/event-stream` per browser (the visible tab that holds a Web Lock reads
 * it with fetch, so a bearer token can go along), and on each `summary-changed` event that tab refreshes the
 * feed, whose summary reaches the other tabs as every fetch does. The holder says on the feed's channel
 * whether the stream is up; while it is, no tab polls. A stream that fails reconnects with backoff, the tabs
 * poll meanwhile. Events carry nothing the header uses but their name: the summary is read with its own request.
 */
export class LiveSummary {
  /** The stream is up: this tab's, or the one the holder said. */
  up = false;
  private readonly clock: TimerClock;
  private readonly random: () => number;
  private readonly stopped = new AbortController();
  private channel?: BroadcastChannel;
  /** Waiting for the lock (aborted when the tab is hidden) or holding it. */
  private request?: AbortController;
  private holding = false;
  private retryMs?: number;
  private refreshing = false;
  private changedAgain = false;

  constructor(private readonly options: LiveSummaryOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  start() {
    // Without Web Locks nothing keeps it to one stream per browser: the feed polls as before.
    if (this.stopped.signal.aborted || !navigator.locks || typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel(this.options.channelName);
    this.channel.onmessage = (event: MessageEvent<LiveMessage>) => this.onTabMessage(event.data);
    this.post({ type: 'live?', subject: this.options.subject });
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    addEventListener('pagehide', this.onPageHide);
    this.onVisibilityChange();
  }

  /** Ends the stream (aborting its request, which closes it on the server) and gives the lock to another tab. */
  stop() {
    this.stopped.abort();
    this.request?.abort();
    this.channel?.close();
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    removeEventListener('pagehide', this.onPageHide);
  }

  /** A visible tab queues for the lock; a hidden one leaves the queue (the holder keeps its stream, see `hold`). */
  private readonly onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') {
      if (!this.holding) this.request?.abort();
      return;
    }
    if (this.request && !this.request.signal.aborted) return;
    const request = new AbortController();
    this.request = request;
    const signal = AbortSignal.any([request.signal, this.stopped.signal]);
    navigator.locks
      .request(this.options.lockName, { signal }, () => this.hold(signal))
      .catch(() => {
        /* left the queue: hidden or stopped */
      });
  };

  /** Leaving the page with the stream up: the summary was current until now (the next page need not refetch). */
  private readonly onPageHide = () => {
    if (this.up) this.options.feed.confirm();
  };

  /** Reads the stream, reconnecting, while this tab holds the lock; returns (releasing it) when stopped or hidden. */
  private async hold(signal: AbortSignal) {
    this.holding = true;
    // The tab before said the stream was up: it was, until that tab let go of the lock just now.
    if (this.up) this.options.feed.confirm();
    let failures = 0;
    try {
      while (!signal.aborted) {
        const { openedAt, ended } = await this.connect(signal);
        if (signal.aborted) break;
        const healthy = openedAt !== undefined && this.clock.now() - openedAt >= HEALTHY_MS;
        if (healthy) failures = 0;
        if (healthy && ended) this.options.feed.confirm();
        else failures++;
        // A hidden tab does not start another stream (nor keep the session alive with it): a visible one takes over.
        if (document.visibilityState === 'hidden') break;
        if (failures > 0) {
          this.setUp(false);
          await this.sleep(reconnectDelay(failures, this.retryMs, this.random), signal);
        }
      }
    } finally {
      this.holding = false;
      if (!this.stopped.signal.aborted) this.setUp(false);
      this.request = undefined;
      if (document.visibilityState === 'visible' && !this.stopped.signal.aborted) this.onVisibilityChange();
    }
  }

  /**
   * One stream: resolves when it ends, with when it opened (undefined: it never did) and whether the server
   * ended it (`ended`) rather than the connection breaking.
   */
  private async connect(signal: AbortSignal): Promise<{ openedAt?: number; ended: boolean }> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal.addEventListener('abort', abort);
    let silence: unknown;
    const alive = () => {
      this.clock.clearTimeout(silence);
      silence = this.clock.setTimeout(abort, SILENCE_MS);
    };
    let openedAt: number | undefined;
    const parser = new EventStreamParser((event) => {
      if (event.type === 'summary-changed') void this.changed();
    });
    try {
      alive();
      const init = await this.options.authorize(this.options.url, {
        signal: controller.signal,
        cache: 'no-store',
        headers: { accept: 'text/event-stream' },
      });
      const response = await (this.options.fetch ?? fetch)(this.options.url, init);
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
        await response.body?.cancel();
        if (response.status === 401) await this.options.renew();
        return { ended: false };
      }
      openedAt = this.clock.now();
      this.setUp(true);
      // A change between the last known summary and now came before the stream: read the summary once.
      if (openedAt - this.options.feed.fetchedAt > GAP_MS) void this.changed();
      await readEventStream(response.body, parser, alive);
      return { openedAt, ended: true };
    } catch {
      return { openedAt, ended: false };
    } finally {
      this.retryMs = parser.retry ?? this.retryMs;
      this.clock.clearTimeout(silence);
      signal.removeEventListener('abort', abort);
    }
  }

  /**
   * The summary changed: one refresh at once (for all tabs), and one more if other events came while it ran or
   * within COALESCE_MS of its start: a burst of changes (a supplier publishing several items) costs a few reads,
   * not one per change, and the last change still shows within COALESCE_MS plus a read.
   */
  private async changed() {
    if (this.refreshing) {
      this.changedAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.changedAgain = false;
        const started = this.clock.now();
        await this.options.feed.refresh();
        const rest = started + COALESCE_MS - this.clock.now();
        if (rest > 0 && !this.stopped.signal.aborted) await this.sleep(rest, this.stopped.signal);
      } while (this.changedAgain && !this.stopped.signal.aborted);
    } finally {
      this.refreshing = false;
    }
  }

  private setUp(up: boolean) {
    if (up === this.up) return;
    this.up = up;
    this.options.feed.setLive(up);
    this.post({ type: 'live', subject: this.options.subject, up });
  }

  private onTabMessage(message: LiveMessage) {
    if (message?.subject !== this.options.subject) return;
    if (message.type === 'live?' && this.holding)
      this.post({ type: 'live', subject: this.options.subject, up: this.up });
    else if (message.type === 'live' && !this.holding && typeof message.up === 'boolean' && message.up !== this.up) {
      this.up = message.up;
      this.options.feed.setLive(message.up);
    }
  }

  private post(message: LiveMessage) {
    this.channel?.postMessage(message);
  }

  private sleep(ms: number, signal: AbortSignal) {
    return new Promise<void>((resolve) => {
      const timer = this.clock.setTimeout(done, ms);
      function done() {
        signal.removeEventListener('abort', stop);
        resolve();
      }
      const stop = () => {
        this.clock.clearTimeout(timer);
        done();
      };
      signal.addEventListener('abort', stop);
    });
  }
}
