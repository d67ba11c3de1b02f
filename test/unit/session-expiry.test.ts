// The session-timing logic with a clock the test moves: when the warning starts, when the session ends, what
// the runtime publishes, and what a hidden tab catches up on. No real waiting.
import { expect } from '@open-wc/testing';
import { extendSession } from '../../src/internal/session-actions.js';
import { ExpiryTimer, warningStartsAt, type TimerClock } from '../../src/session/expiry-timer.js';
import { sessionExpiresAt } from '../../src/session/oidc-session.js';
import { SessionRuntime } from '../../src/session/runtime.js';
import type { Session, SessionState } from '../../src/session/types.js';

/** A clock whose time moves only when the test says; timers fire as it passes them (or not, "hidden"). */
class ManualClock implements TimerClock {
  time = Date.parse('2026-11-29T12:00:00Z');
  /** A hidden tab's timers do not run. */
  frozen = false;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers.delete(handle as number);
  };

  advance(ms: number) {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due || this.frozen) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }

  get pending() {
    return this.timers.size;
  }
}

const S = 1000;
const MIN = 60 * S;

describe('warningStartsAt', () => {
  it('two minutes before the end of a long session', () => {
    expect(warningStartsAt(30 * MIN, 0)).to.equal(28 * MIN);
  });
  it('half the time left of a shorter one', () => {
    expect(warningStartsAt(150 * S, 0)).to.equal(75 * S);
  });
  it('never less than 20 s before the end', () => {
    expect(warningStartsAt(30 * S, 0)).to.equal(10 * S);
    expect(warningStartsAt(10 * S, 0)).to.equal(-10 * S);
  });
});

describe('ExpiryTimer', () => {
  function setup() {
    const clock = new ManualClock();
    const changes: boolean[] = [];
    let expired = 0;
    const timer = new ExpiryTimer({ onExpiringChange: (on) => changes.push(on), onExpired: () => expired++ }, clock);
    return { clock, changes, timer, expired: () => expired };
  }

  it('warns at the lead and ends at the end', () => {
    const { clock, changes, timer, expired } = setup();
    timer.set(clock.now() + 30 * MIN);
    expect(timer.expiring).to.equal(false);
    clock.advance(28 * MIN - 1);
    expect(changes).to.deep.equal([]);
    clock.advance(1);
    expect(changes).to.deep.equal([true]);
    expect(timer.expiring).to.equal(true);
    clock.advance(2 * MIN - 1);
    expect(expired()).to.equal(0);
    clock.advance(1);
    expect(expired()).to.equal(1);
    expect(clock.pending, 'nothing left to run').to.equal(0);
  });

  it('a new end further away stops the warning; the same end changes nothing', () => {
    const { clock, changes, timer } = setup();
    const end = clock.now() + 150 * S;
    timer.set(end);
    clock.advance(80 * S);
    expect(changes).to.deep.equal([true]);
    timer.set(end);
    expect(changes).to.deep.equal([true]);
    timer.set(clock.now() + 150 * S);
    expect(timer.expiring, 'set() says it, without a callback').to.equal(false);
    expect(changes).to.deep.equal([true]);
  });

  it('an end learnt late (a short session, a page loaded near the end) warns at once', () => {
    const { clock, timer } = setup();
    timer.set(clock.now() + 15 * S);
    expect(timer.expiring).to.equal(true);
  });

  it('an end already past ends the session at once', () => {
    const { clock, timer, expired } = setup();
    timer.set(clock.now() - S);
    expect(expired()).to.equal(1);
  });

  it('no end: nothing scheduled, no warning', () => {
    const { clock, timer } = setup();
    timer.set(undefined);
    expect(timer.expiring).to.equal(false);
    expect(clock.pending).to.equal(0);
  });

  it('a hidden tab whose timers did not run catches up when checked', () => {
    const { clock, changes, timer, expired } = setup();
    timer.set(clock.now() + 30 * MIN);
    clock.frozen = true;
    clock.advance(29 * MIN);
    expect(changes).to.deep.equal([]);
    clock.frozen = false;
    timer.check();
    expect(changes).to.deep.equal([true]);
    clock.frozen = true;
    clock.advance(5 * MIN);
    timer.check();
    expect(expired()).to.equal(1);
  });

  it('stop() cancels everything', () => {
    const { clock, timer, changes, expired } = setup();
    timer.set(clock.now() + 30 * MIN);
    timer.stop();
    clock.advance(60 * MIN);
    expect(changes).to.deep.equal([]);
    expect(expired()).to.equal(0);
  });
});

describe('sessionExpiresAt', () => {
  it('reads session_expires_at (s) as ms, shifted by the clock offset', () => {
    expect(
      sessionExpiresAt({ profile: { sub: 'a', iss: '', aud: '', exp: 0, iat: 0, session_expires_at: 1000 } }, 5000),
    ).to.equal(1_005_000);
  });
  it('no claim, or not a positive number: no end', () => {
    for (const claim of [undefined, '1000', -1, 0, Number.NaN, null]) {
      expect(
        sessionExpiresAt({ profile: { sub: 'a', iss: '', aud: '', exp: 0, iat: 0, session_expires_at: claim } }, 0),
      ).to.equal(undefined);
    }
  });
});

/** A session the test drives: it publishes states and counts extensions and forgets. */
class FakeSession implements Session {
  state: SessionState = { status: 'unknown' };
  extensions = 0;
  forgotten = 0;
  nextEnd?: number;
  private listener?: (state: SessionState) => void;
  subscribe(listener: (state: SessionState) => void) {
    this.listener = listener;
    return () => (this.listener = undefined);
  }
  publish(state: SessionState) {
    this.state = state;
    this.listener?.(state);
  }
  signIn = async () => {};
  switchIdentity = async () => {};
  signOut = async () => {};
  authorize = async (_url: string, init: RequestInit) => init;
  renew = async () => true;
  dispose() {}
  async forget() {
    this.forgotten++;
    this.publish({ status: 'signed-out', ended: true });
  }
  async extend() {
    this.extensions++;
    if (this.nextEnd === undefined) return false;
    this.publish({ ...this.state, expiresAt: this.nextEnd });
    return true;
  }
}

describe('SessionRuntime: session timing', () => {
  function setup(withExtend = true) {
    const clock = new ManualClock();
    const session = new FakeSession();
    if (!withExtend) (session as Partial<FakeSession>).extend = undefined;
    const states: SessionState[] = [];
    const errors: string[] = [];
    const runtime = new SessionRuntime(
      { auth: { mode: 'oidc', authority: 'https://id.example', clientId: 'c' }, locale: 'nl', session, clock },
      {
        onState: (state) => states.push(state),
        onFeed: () => {},
        onError: (code) => errors.push(code),
        createFeed: () => undefined,
      },
    );
    const user = { id: 'u1', givenName: 'Anna', familyName: 'Peeters' };
    return { clock, session, states, errors, runtime, user, last: () => states.at(-1)! };
  }

  it('publishes expiring from the warning time on, and a new end clears it', async () => {
    const { clock, session, runtime, user, last } = setup();
    session.publish({ status: 'signed-in', user, expiresAt: clock.now() + 150 * S });
    expect(last().expiring).to.equal(undefined);
    clock.advance(75 * S);
    expect(last().expiring).to.equal(true);
    expect(last().expiresAt).to.equal(clock.now() + 75 * S);
    session.nextEnd = clock.now() + 150 * S;
    expect(await extendSession(last()), 'the menu extends through the published state').to.equal(true);
    expect(session.extensions).to.equal(1);
    expect(last().expiring).to.equal(undefined);
    expect(last().expiresAt).to.equal(session.nextEnd);
    runtime.dispose();
  });

  it('ends the session itself at the end (forget: "session-ended"), without an API call', () => {
    const { clock, session, errors, runtime, user, last } = setup();
    session.publish({ status: 'signed-in', user, expiresAt: clock.now() + 150 * S });
    clock.advance(150 * S);
    expect(session.forgotten).to.equal(1);
    expect(last()).to.deep.equal({ status: 'signed-out', ended: true });
    expect(errors).to.deep.equal(['session-ended']);
    expect(clock.pending).to.equal(0);
    runtime.dispose();
  });

  it('no end from the provider: no warning, nothing scheduled', () => {
    const { clock, session, runtime, user, last } = setup();
    session.publish({ status: 'signed-in', user });
    clock.advance(24 * 60 * MIN);
    expect(last().expiring).to.equal(undefined);
    expect(session.forgotten).to.equal(0);
    expect(clock.pending).to.equal(0);
    runtime.dispose();
  });

  it('a failed extension resolves false and leaves the warning up', async () => {
    const { clock, session, runtime, user, last } = setup();
    session.publish({ status: 'signed-in', user, expiresAt: clock.now() + 100 * S });
    clock.advance(50 * S);
    expect(last().expiring).to.equal(true);
    expect(await extendSession(last())).to.equal(false);
    expect(last().expiring).to.equal(true);
    runtime.dispose();
  });

  it('a session without extend (host mode) cannot be extended', async () => {
    const { session, runtime, user, last } = setup(false);
    session.publish({ status: 'signed-in', user });
    expect(await runtime.extend()).to.equal(false);
    expect(await extendSession(last())).to.equal(false);
    runtime.dispose();
  });

  it('catches up when a hidden tab becomes visible', () => {
    const { clock, session, runtime, user } = setup();
    session.publish({ status: 'signed-in', user, expiresAt: clock.now() + 10 * MIN });
    clock.frozen = true;
    clock.advance(11 * MIN);
    expect(session.forgotten).to.equal(0);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(session.forgotten, 'visible (headless pages are): decided from the clock').to.equal(1);
    runtime.dispose();
  });

  it('dispose stops the timer', () => {
    const { clock, session, runtime, user } = setup();
    session.publish({ status: 'signed-in', user, expiresAt: clock.now() + 10 * MIN });
    runtime.dispose();
    clock.advance(20 * MIN);
    expect(session.forgotten).to.equal(0);
  });
});
