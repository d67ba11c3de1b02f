// The live summary without a server: the text/event-stream parser, the reconnection backoff, the polling
// fallback of the summary feed under a clock the test moves, and the hand-over of the stream's Web Lock between
// two "tabs" (two instances in this page: Web Locks and BroadcastChannel work between them as between tabs).
import { expect } from '@open-wc/testing';
import { EventStreamParser, type StreamEvent } from '../../src/backend/event-stream.js';
import { LiveSummary, reconnectDelay, type LiveTarget } from '../../src/backend/live-summary.js';
import type { ProfileClient } from '../../src/backend/profile-client.js';
import { SummaryFeed } from '../../src/backend/summary-feed.js';
import type { TimerClock } from '../../src/session/expiry-timer.js';
import type { ProfileSummary } from '../../src/model/profile.js';

/** A clock whose time moves only when the test says; timers fire as it passes them. */
class ManualClock implements TimerClock {
  time = Date.parse('2026-12-06T12:00:00Z');
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  /**
   * Waits for the work a timer started that runs outside this page's task queue. Web Locks are granted by the
   * browser process: under load a few task turns are not enough for a poll's lock to be granted and released.
   */
  drain: () => Promise<unknown> = async () => {};
  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers.delete(handle as number);
  };
  /** Moves time, running each due timer at its time and letting the promises it starts settle. */
  async advance(ms: number) {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
      await settle();
      await this.drain();
      await settle();
    }
    this.time = end;
  }
}

/** Lets fetches, locks and channel messages (real tasks) run. */
const settle = async (turns = 4) => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

async function until(check: () => boolean, what: string) {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > 2000) throw new Error(`not within 2 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function parse(...chunks: string[]) {
  const events: StreamEvent[] = [];
  const parser = new EventStreamParser((event) => events.push(event));
  chunks.forEach((chunk) => parser.push(chunk));
  return { events, parser };
}

describe('EventStreamParser', () => {
  it("reads the reference backend's stream: retry, comments, summary-changed", () => {
    const { events, parser } = parse(
      'retry: 5000\n: connected\n\n',
      'event: summary-changed\ndata: {"unread":{"messages":1},"at":"x"}\n\n',
      ': keep-alive\n\n',
    );
    expect(events).to.deep.equal([{ type: 'summary-changed', data: '{"unread":{"messages":1},"at":"x"}' }]);
    expect(parser.retry).to.equal(5000);
  });

  it('puts an event together across chunk boundaries, anywhere', () => {
    const text = 'event: summary-changed\ndata: {"at":1}\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse(text.slice(0, cut), text.slice(cut)).events, `cut at ${cut}`).to.deep.equal([
        { type: 'summary-changed', data: '{"at":1}' },
      ]);
    }
    expect(parse(...text.split('')).events).to.have.length(1);
  });

  it('takes CRLF, CR and LF line ends, and a CRLF split between chunks as one', () => {
    expect(
      parse('event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\revent: c\ndata: 3\n\n').events.map((e) => e.type + e.data),
    ).to.deep.equal(['a1', 'b2', 'c3']);
    // CR at the end of one chunk, LF at the start of the next: one line end, not an empty line between.
    expect(parse('data: a\r', '\ndata: b\r\n\r\n').events).to.deep.equal([{ type: 'message', data: 'a\nb' }]);
  });

  it('joins data lines with \\n; takes one space after the colon; drops an event without data; ignores comments', () => {
    expect(parse('data: line 1\ndata:line 2\ndata:  indented\ndata\n\n').events[0].data).to.equal(
      'line 1\nline 2\n indented\n',
    );
    expect(parse('event: summary-changed\n\n', ': comment\n\n', ':\n\n').events).to.deep.equal([]);
    expect(parse('data: x\n').events, 'not dispatched before the empty line').to.deep.equal([]);
  });

  it('keeps only a numeric retry', () => {
    expect(parse('retry: soon\n\n').parser.retry).to.equal(undefined);
    expect(parse('retry: 1500\n\n').parser.retry).to.equal(1500);
  });

  it('refuses a line that never ends', () => {
    expect(() => parse('data: ' + 'x'.repeat(70_000))).to.throw(/over/);
  });
});

describe('reconnectDelay', () => {
  it("none without failures; from the server's retry (at least 2 s), doubling, capped at 60 s, jittered", () => {
    expect(reconnectDelay(0, 5000, () => 1)).to.equal(0);
    expect(reconnectDelay(1, undefined, () => 1)).to.equal(2000);
    expect(reconnectDelay(1, 500, () => 1)).to.equal(2000);
    expect([1, 2, 3, 4, 5].map((n) => reconnectDelay(n, 5000, () => 1))).to.deep.equal([
      5000, 10_000, 20_000, 40_000, 60_000,
    ]);
    expect(reconnectDelay(30, 5000, () => 1)).to.equal(60_000);
    expect(reconnectDelay(3, 5000, () => 0)).to.equal(10_000);
    expect(reconnectDelay(3, 5000, () => 0.5)).to.equal(15_000);
  });
});

/** A fetch of `me/events` whose streams the test drives. */
function fakeEvents() {
  const streams: { send(text: string): void; end(): void; fail(): void; aborted: boolean }[] = [];
  let refuse = false;
  const fetch = async (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (refuse) {
      streams.push({ send() {}, end() {}, fail() {}, aborted: false });
      throw new TypeError('Failed to fetch');
    }
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const stream = {
      aborted: false,
      send: (text: string) => controller.enqueue(new TextEncoder().encode(text)),
      end: () => controller.close(),
      fail: () => controller.error(new TypeError('network error')),
    };
    init?.signal?.addEventListener('abort', () => {
      stream.aborted = true;
      try {
        controller.error(new DOMException('aborted', 'AbortError'));
      } catch {
        /* already closed */
      }
    });
    streams.push(stream);
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    streams,
    get last() {
      return streams[streams.length - 1];
    },
    set refuse(on: boolean) {
      refuse = on;
    },
  };
}

let names = 0;
/** A LiveSummary on fresh lock and channel names (tests must not meet each other's tabs). */
function live(
  feed: LiveTarget,
  events: ReturnType<typeof fakeEvents>,
  clock: TimerClock,
  name = `test-${Date.now()}-${names++}`,
) {
  return new LiveSummary({
    url: 'https://api.example/me/events',
    authorize: async (_url, init) => init,
    renew: async () => true,
    feed,
    channelName: `${name}:channel`,
    subject: 'anna',
    lockName: `${name}:lock`,
    clock,
    random: () => 1,
    fetch: events.fetch,
  });
}

function fakeFeed(clock: ManualClock) {
  const feed = {
    fetchedAt: clock.now(),
    refreshes: 0,
    live: [] as boolean[],
    refresh: async () => {
      feed.refreshes++;
      feed.fetchedAt = clock.now();
    },
    setLive: (on: boolean) => void feed.live.push(on),
    confirm: (at = clock.now()) => void (feed.fetchedAt = Math.max(feed.fetchedAt, at)),
  };
  return feed;
}

/** Lets `ms` pass on an open stream with a keep-alive comment every 25 s, as the reference backend sends them. */
async function openFor(ms: number, events: ReturnType<typeof fakeEvents>, clock: ManualClock) {
  for (let left = ms; left > 0; left -= 25_000) {
    await clock.advance(Math.min(25_000, left));
    events.last.send(': keep-alive\n\n');
    await settle();
  }
}

const SUMMARY: ProfileSummary = { unread: { messages: 1, dossiers: 0, documents: 0 }, latest: [] };

describe('LiveSummary with the summary feed: polling only while the stream is down', () => {
  const REFRESH_S = 10;

  it('no polling while up; one read per event; polls every refreshSeconds while down, with reconnections backing off; stops again when back', async () => {
    const clock = new ManualClock();
    const events = fakeEvents();
    const name = `feed-${names++}`;
    sessionStorage.removeItem(`${name}:channel`);
    // A poll holds the refresh lock until its read is done: asking for the lock after it waits for that.
    clock.drain = () => navigator.locks.request(`${name}:channel:refresh`, async () => {});
    let reads = 0;
    const client = { getSummary: async () => (reads++, SUMMARY) } as unknown as ProfileClient;
    const feed = new SummaryFeed({
      client,
      subject: 'anna',
      channelName: `${name}:channel`,
      refreshSeconds: REFRESH_S,
      onChange: () => {},
      onUnauthorized: () => {},
      clock,
    });
    const starting = feed.start();
    await settle();
    await clock.advance(150); // no other tab answers
    await starting;
    expect(reads).to.equal(1);
    const stream = live(feed, events, clock, name);
    stream.start();
    await until(() => stream.up, 'the stream is up');
    try {
      // Up: ten periods, no read.
      await openFor(10 * REFRESH_S * 1000, events, clock);
      expect(reads, 'no polling while up').to.equal(1);
      events.last.send('event: summary-changed\ndata: {}\n\n');
      await until(() => reads === 2, 'one read for the event');
      await openFor(5 * REFRESH_S * 1000, events, clock);
      expect(reads, 'one read for the event, and no polling after it').to.equal(2);

      // Down: the connection breaks and every reconnection fails.
      events.refuse = true;
      const downAt = clock.now();
      events.last.fail();
      await until(() => !stream.up, 'down');
      const attempts: number[] = [];
      const count = events.streams.length;
      for (let s = 0; s < 200; s++) {
        await clock.advance(1000);
        while (attempts.length < events.streams.length - count) attempts.push(clock.now() - downAt);
      }
      // Polling at refreshSeconds (plus up to 10 % spread) over 200 s: 18 to 20 reads.
      expect(reads - 2, `reads while down: ${reads - 2}`).to.be.within(18, 20);
      // Reconnections back off (random 1: no jitter): 2, 4, 8, 16, 32, 60, 60 ... s apart.
      const gaps = attempts.map((at, i) => at - (attempts[i - 1] ?? 0));
      expect(gaps.slice(0, 7)).to.deep.equal([2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);

      // Back (at the next try, at most 60 s on): polling stops.
      events.refuse = false;
      await clock.advance(60_000);
      await until(() => stream.up, 'up again');
      await settle();
      const readsUp = reads;
      await openFor(10 * REFRESH_S * 1000, events, clock);
      expect(reads, 'no polling once back').to.equal(readsUp);
    } finally {
      stream.stop();
      feed.forget();
    }
  });

  it('a burst of events: one read at once, one more for the rest of the burst (within a second), not one per event', async () => {
    const clock = new ManualClock();
    const events = fakeEvents();
    const name = `feed-${names++}`;
    sessionStorage.removeItem(`${name}:channel`);
    let reads = 0;
    const client = { getSummary: async () => (reads++, SUMMARY) } as unknown as ProfileClient;
    const feed = new SummaryFeed({
      client,
      subject: 'anna',
      channelName: `${name}:channel`,
      refreshSeconds: REFRESH_S,
      onChange: () => {},
      onUnauthorized: () => {},
      clock,
    });
    const starting = feed.start();
    await settle();
    await clock.advance(150);
    await starting;
    const stream = live(feed, events, clock, name);
    stream.start();
    await until(() => stream.up, 'the stream is up');
    try {
      await openFor(30_000, events, clock);
      const before = reads;
      // six changes 100 ms apart (a supplier publishing a dossier, its events, a message, a document, a letter)
      for (let i = 0; i < 6; i++) {
        events.last.send('event: summary-changed\ndata: {}\n\n');
        await settle();
        if (i === 0) await until(() => reads === before + 1, 'the first event is read at once');
        await clock.advance(100);
      }
      expect(reads - before, 'no read per event').to.equal(1);
      await clock.advance(500); // a second after the first read: one read for the rest
      await until(() => reads === before + 2, 'one more read for the burst');
      await openFor(30_000, events, clock);
      expect(reads - before, 'two reads for the burst').to.equal(2);
      // a lone event later: read at once again
      events.last.send('event: summary-changed\ndata: {}\n\n');
      await until(() => reads === before + 3, 'a later event is read at once');
    } finally {
      stream.stop();
      feed.forget();
    }
  });

  it('a stream the server ends after a while (its token expired) reconnects at once and is not "down"', async () => {
    const clock = new ManualClock();
    const events = fakeEvents();
    const feed = fakeFeed(clock);
    const stream = live(feed, events, clock);
    stream.start();
    try {
      await until(() => stream.up, 'up');
      await openFor(5 * 60_000, events, clock);
      events.last.end();
      await until(() => events.streams.length === 2, 'reconnected');
      expect(feed.live, 'never down').to.deep.equal([true]);
      expect(feed.refreshes, 'no read: nothing was missed').to.equal(0);

      // One that ends at once is a failure: down, and a wait before the next try.
      events.last.end();
      await until(() => !stream.up, 'down');
      expect(feed.live).to.deep.equal([true, false]);
      await settle();
      expect(events.streams.length).to.equal(2);
      await clock.advance(2000);
      await until(() => events.streams.length === 3, 'retried after 2 s');
    } finally {
      stream.stop();
    }
  });

  it('a stream without a byte for 60 s (not even a keep-alive) is given up and reopened', async () => {
    const clock = new ManualClock();
    const events = fakeEvents();
    const stream = live(fakeFeed(clock), events, clock);
    stream.start();
    try {
      await until(() => stream.up, 'up');
      await clock.advance(59_000);
      events.last.send(': keep-alive\n\n');
      await settle();
      await clock.advance(59_000);
      expect(events.last.aborted).to.equal(false);
      await clock.advance(1000);
      await until(() => events.streams[0].aborted, 'the silent stream is aborted');
    } finally {
      stream.stop();
    }
  });
});

describe('LiveSummary between tabs', () => {
  it('one stream: the lock holder reads it, the other tab hears it is up; when the holder stops, the other takes over', async () => {
    const clock = new ManualClock();
    const name = `tabs-${names++}`;
    const eventsA = fakeEvents();
    const eventsB = fakeEvents();
    const feedA = fakeFeed(clock);
    const feedB = fakeFeed(clock);
    const a = live(feedA, eventsA, clock, name);
    const b = live(feedB, eventsB, clock, name);
    a.start();
    await until(() => a.up, 'A is up');
    b.start();
    await until(() => b.up, 'B hears that the stream is up');
    await settle();
    expect(eventsB.streams, 'B opens no stream of its own').to.have.length(0);
    expect(feedB.live).to.deep.equal([true]);

    // An event: only the holder reads the summary (the feed shares it with the other tabs).
    eventsA.last.send('event: summary-changed\ndata: {}\n\n');
    await until(() => feedA.refreshes === 1, 'A reads');
    expect(feedB.refreshes).to.equal(0);

    try {
      a.stop();
      expect(eventsA.last.aborted, 'the stream is aborted (closed on the server)').to.equal(true);
      await until(() => eventsB.streams.length === 1, 'B opens the stream');
      await until(() => b.up, 'B is up');
      expect(feedB.live, 'B was never down').to.deep.equal([true]);
      expect(feedB.refreshes, 'B reads nothing: the stream was up until A let go').to.equal(0);
    } finally {
      b.stop();
    }
  });

  it('a hidden tab does not queue for the lock; a holder that is hidden when its stream ends lets a visible tab take over', async () => {
    const clock = new ManualClock();
    const name = `hidden-${names++}`;
    const events = fakeEvents();
    const a = live(fakeFeed(clock), events, clock, name);
    const setVisibility = (state: DocumentVisibilityState) => {
      Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    try {
      setVisibility('hidden');
      a.start();
      await settle(10);
      expect(events.streams, 'hidden: no stream').to.have.length(0);
      setVisibility('visible');
      await until(() => a.up, 'visible: up');
      setVisibility('hidden');
      await openFor(5 * 60_000, events, clock);
      events.last.end();
      await until(() => !a.up, 'the hidden holder lets go');
      await settle(10);
      expect(events.streams, 'and opens no other stream').to.have.length(1);
      expect(await navigator.locks.query().then((q) => q.held?.some((l) => l.name === `${name}:lock`))).to.equal(false);
    } finally {
      a.stop();
      // @ts-expect-error: back to the page's own visibilityState
      delete document.visibilityState;
    }
  });
});
