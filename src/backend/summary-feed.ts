import type { ProfileSummary } from '../model/profile.js';
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
  private fetchedAt = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private failures = 0;
  private inFlight?: AbortController;
  private channel?: BroadcastChannel;
  private stopped = false;

  constructor(private readonly options: SummaryFeedOptions) {}

  async start() {
    this.readCache();
    if (!this.isFresh() && typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(this.options.channelName);
      this.channel.onmessage = (event: MessageEvent<FeedMessage>) => this.onTabMessage(event.data);
      this.channel.postMessage({ type: 'summary?', subject: this.options.subject } satisfies FeedMessage);
      await new Promise((resolve) => setTimeout(resolve, ASK_TABS_MS));
    } else if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(this.options.channelName);
      this.channel.onmessage = (event: MessageEvent<FeedMessage>) => this.onTabMessage(event.data);
    }
    if (this.stopped) return;
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    if (this.isFresh()) this.schedule(this.refreshMs - (Date.now() - this.fetchedAt));
    else await this.refresh();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.inFlight?.abort();
    this.channel?.close();
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
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
    clearTimeout(this.timer);
    const controller = new AbortController();
    this.inFlight = controller;
    try {
      const summary = await this.options.client.getSummary(controller.signal);
      this.failures = 0;
      this.accept(summary, Date.now());
      this.channel?.postMessage({ type: 'summary', subject: this.options.subject, summary, fetchedAt: this.fetchedAt } satisfies FeedMessage);
      this.schedule(this.refreshMs);
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
    return this.fetchedAt > 0 && Date.now() - this.fetchedAt < this.refreshMs;
  }

  /** Schedules the next refresh; a little random delay keeps tabs that saw the same summary from firing together. */
  private schedule(ms: number) {
    clearTimeout(this.timer);
    const spread = Math.random() * Math.min(5000, this.refreshMs * 0.1);
    if (!this.stopped) this.timer = setTimeout(() => this.onTimer(), Math.max(0, ms) + spread);
  }

  private onTimer() {
    // A hidden tab waits: it refreshes when it is shown again.
    if (document.visibilityState === 'hidden') return;
    // One tab refreshes for all: the one that gets the lock; the others get its summary over the channel.
    // A tab that gets the lock after another one's fetch finds the summary fresh and only reschedules.
    const refreshOnce = async () => {
      if (this.isFresh()) this.schedule(this.refreshMs - (Date.now() - this.fetchedAt));
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
    if (document.visibilityState !== 'visible') return;
    if (Date.now() - this.fetchedAt >= MIN_VISIBLE_REFRESH_MS || this.state.status === 'unavailable') void this.refresh();
  };

  private onTabMessage(message: FeedMessage) {
    if (message?.subject !== this.options.subject) return;
    if (message.type === 'summary?' && this.isFresh() && this.state.summary) {
      this.channel?.postMessage({ type: 'summary', subject: this.options.subject, summary: this.state.summary, fetchedAt: this.fetchedAt } satisfies FeedMessage);
    } else if (message.type === 'summary' && message.fetchedAt > this.fetchedAt) {
      this.failures = 0;
      this.accept(message.summary, message.fetchedAt);
      if (!this.inFlight) this.schedule(this.refreshMs - (Date.now() - this.fetchedAt));
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
      const cached = JSON.parse(sessionStorage.getItem(this.options.channelName) ?? 'null') as
        | { subject: string; summary: ProfileSummary; fetchedAt: number }
        | null;
      if (cached?.subject === this.options.subject && cached.fetchedAt <= Date.now()) {
        this.fetchedAt = cached.fetchedAt;
        this.set({ status: 'ready', summary: cached.summary });
      }
    } catch {
      /* no cache: fetch */
    }
  }

  private writeCache(summary: ProfileSummary) {
    try {
      sessionStorage.setItem(this.options.channelName, JSON.stringify({ subject: this.options.subject, summary, fetchedAt: this.fetchedAt }));
    } catch {
      /* storage full or blocked: the next page fetches */
    }
  }

  private set(state: FeedState) {
    this.state = state;
    this.options.onChange(state);
  }
}
