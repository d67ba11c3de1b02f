import type { ProfileSummary } from '../model/profile.js';
import { systemClock, type TimerClock } from '../session/expiry-timer.js';
import { ProfileApiError, type ProfileClient } from './profile-client.js';

export type FeedStatus = 'loading' | 'ready' | 'unavailable';

export interface FeedState {
  status: FeedStatus;
  /** The last good summary; kept while a refresh fails. */
  summary?: ProfileSummary;
  /** Why the last fetch failed. */
  error?: ProfileApiError;
}

export interface SummaryFeedOptions {
  client: ProfileClient;
  /** Identifies the citizen, so tabs only share a summary of the same person. */
  subject: string;
  /** Shared between the tabs of one site and API; also the sessionStorage key of the cached summary. */
  channelName: string;
  refreshSeconds: number;
  onChange: (state: FeedState) => void;
  /** Called when the API says the session is over (after one renew). */
  onUnauthorized: () => void;
  /** The time source of the refresh timers; tests give one they move. */
  clock?: TimerClock;
}

type FeedMessage =
  | { type: 'summary?'; subject: string }
  | { type: 'summary'; subject: string; summary: ProfileSummary; fetchedAt: number };

const ASK_TABS_MS = 150;
const MIN_VISIBLE_REFRESH_MS = 5000;
const BACKOFF_START_MS = 2000;
const BACKOFF_MAX_MS = 60_000;

/**
 * Keeps the citizen's summary fresh with as few requests as possible: tabs share each summary they fetch,
 * a new tab first asks the others, refreshes happen every `refreshSeconds` (none while the tab is hidden),
 * when the tab becomes visible, or on request; failures retry with exponential backoff.
 */
export class SummaryFeed {
  state: FeedState = { status: 'loading' };
  /** When the summary in hand was fetched (by this tab or another), ms; 0: none yet. */
  fetchedAt = 0;
  private timer?: unknown;
  /** An event stream tells this browser of changes: no periodic refresh (see `setLive`). */
  private live = false;
  private failures = 0;
  private inFlight?: AbortController;
  private channel?: BroadcastChannel;
  private stopped = false;

  private readonly clock: TimerClock;

  constructor(private readonly options: SummaryFeedOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async start() {
    this.readCache();
    if (!this.isFresh() && typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(this.options.channelName);
      this.channel.onmessage = (event: MessageEvent<FeedMessage>) => this.onTabMessage(event.data);
      this.channel.postMessage({ type: 'summary?', subject: this.options.subject } satisfies FeedMessage);
      await new Promise((resolve) => this.clock.setTimeout(() => resolve(undefined), ASK_TABS_MS));
    } else if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(this.options.channelName);
      this.channel.onmessage = (event: MessageEvent<FeedMessage>) => this.onTabMessage(event.data);
    }
    if (this.stopped) return;
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    if (this.isFresh()) this.schedulePoll();
    else await this.refresh();
  }

  /**
   * An event stream of this browser is up (true) or down: while it is up, changes arrive as events and the
   * periodic refresh pauses; when it goes down, refreshing every `refreshSeconds` resumes.
   */
  setLive(live: boolean) {
    if (live === this.live) return;
    this.live = live;
    // A retry after a failure stays: the summary in hand is not good.
    if (live && this.failures === 0) this.clock.clearTimeout(this.timer);
    if (live || this.inFlight) return;
    // The summary was current while the stream was up: the next refresh is due `refreshSeconds` from now.
    this.confirm();
    this.schedulePoll();
  }

  stop() {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    this.inFlight?.abort();
    this.channel?.close();
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
  }

  /**
   * The summary in hand was still current at `at`: an event stream was up until then and told of no change.
   * Counts like a fetch at that time (for the next page's cache and the next periodic refresh).
   */
  confirm(at = this.clock.now()) {
    if (!this.state.summary || at <= this.fetchedAt) return;
    this.fetchedAt = at;
    this.writeCache(this.state.summary);
  }

  /** Stops and removes the cached summary: the citizen signed out. */
  forget() {
    this.stop();
    try {
      sessionStorage.removeItem(this.options.channelName);
    } catch {
      /* nothing stored */
    }
  }

  /** Fetches now (unless a fetch is under way). */
  async refresh(): Promise<void> {
    if (this.stopped || this.inFlight) return;
    this.clock.clearTimeout(this.timer);
    const controller = new AbortController();
    this.inFlight = controller;
    try {
      const summary = await this.options.client.getSummary(controller.signal);
      this.failures = 0;
      this.accept(summary, this.clock.now());
      this.channel?.postMessage({
        type: 'summary',
        subject: this.options.subject,
        summary,
        fetchedAt: this.fetchedAt,
      } satisfies FeedMessage);
      this.schedulePoll();
    } catch (error) {
      if (controller.signal.aborted) return;
      const failure = error instanceof ProfileApiError ? error : new ProfileApiError('network', String(error));
      if (failure.kind === 'unauthorized') {
        this.set({ status: 'unavailable', summary: this.state.summary, error: failure });
        this.options.onUnauthorized();
        return;
      }
      this.failures++;
      this.set({ status: this.state.summary ? 'ready' : 'unavailable', summary: this.state.summary, error: failure });
      const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** (this.failures - 1));
      this.schedule(backoff * (0.8 + Math.random() * 0.4));
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
    }
  }

  private get refreshMs() {
    return this.options.refreshSeconds * 1000;
  }

  private isFresh() {
    return this.fetchedAt > 0 && this.clock.now() - this.fetchedAt < this.refreshMs;
  }

  /** Schedules the next refresh; a little random delay keeps tabs that saw the same summary from firing together. */
  private schedule(ms: number) {
    this.clock.clearTimeout(this.timer);
    const spread = Math.random() * Math.min(5000, this.refreshMs * 0.1);
    if (!this.stopped) this.timer = this.clock.setTimeout(() => this.onTimer(), Math.max(0, ms) + spread);
  }

  /** The next periodic refresh, `refreshSeconds` after the last fetch; none while an event stream is up. */
  private schedulePoll() {
    if (this.live) this.clock.clearTimeout(this.timer);
    else this.schedule(this.refreshMs - (this.clock.now() - this.fetchedAt));
  }

  private onTimer() {
    // A hidden tab waits: it refreshes when it is shown again.
    if (document.visibilityState === 'hidden') return;
    // One tab refreshes for all: the one that gets the lock; the others get its summary over the channel.
    // A tab that gets the lock after another one's fetch finds the summary fresh and only reschedules.
    const refreshOnce = async () => {
      if (this.isFresh()) this.schedulePoll();
      else await this.refresh();
    };
    if (!navigator.locks) {
      void refreshOnce();
      return;
    }
    void navigator.locks.request(`${this.options.channelName}:refresh`, { ifAvailable: true }, async (lock) => {
      if (lock) await refreshOnce();
      else this.schedule(ASK_TABS_MS * 10); // another tab is fetching: look again shortly
    });
  }

  private readonly onVisibilityChange = () => {
    // While a stream is up, the summary in hand is current: a change would have come as an event.
    if (document.visibilityState !== 'visible' || (this.live && this.state.status === 'ready')) return;
    if (this.clock.now() - this.fetchedAt >= MIN_VISIBLE_REFRESH_MS || this.state.status === 'unavailable')
      void this.refresh();
  };

  private onTabMessage(message: FeedMessage) {
    if (message?.subject !== this.options.subject) return;
    if (message.type === 'summary?' && this.isFresh() && this.state.summary) {
      this.channel?.postMessage({
        type: 'summary',
        subject: this.options.subject,
        summary: this.state.summary,
        fetchedAt: this.fetchedAt,
      } satisfies FeedMessage);
    } else if (message.type === 'summary' && message.fetchedAt > this.fetchedAt) {
      this.failures = 0;
      this.accept(message.summary, message.fetchedAt);
      if (!this.inFlight) this.schedulePoll();
    }
  }

  private accept(summary: ProfileSummary, fetchedAt: number) {
    this.fetchedAt = fetchedAt;
    this.set({ status: 'ready', summary });
    this.writeCache(summary);
  }

  /**
   * The last summary, for the next page of this tab: a page view within `refreshSeconds` of the last fetch
   * makes no request. sessionStorage (this tab, this browser session), like the tokens.
   */
  private readCache() {
    try {
      const cached = JSON.parse(sessionStorage.getItem(this.options.channelName) ?? 'null') as {
        subject: string;
        summary: ProfileSummary;
        fetchedAt: number;
      } | null;
      if (cached?.subject === this.options.subject && cached.fetchedAt <= this.clock.now()) {
        this.fetchedAt = cached.fetchedAt;
        this.set({ status: 'ready', summary: cached.summary });
      }
    } catch {
      /* no cache: fetch */
    }
  }

  private writeCache(summary: ProfileSummary) {
    try {
      sessionStorage.setItem(
        this.options.channelName,
        JSON.stringify({ subject: this.options.subject, summary, fetchedAt: this.fetchedAt }),
      );
    } catch {
      /* storage full or blocked: the next page fetches */
    }
  }

  private set(state: FeedState) {
    this.state = state;
    this.options.onChange(state);
  }
}
