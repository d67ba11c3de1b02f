// The sign-in throttle's curve (docs/privacy.md) and its cap on concurrent password checks, with a controlled clock.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ACCOUNT_CURVE,
  ADDRESS_CURVE,
  createSignInThrottle,
  delayAfter,
  SignInBusyError,
} from '../src/auth/sign-in-throttle.js';

describe('the throttling curve', () => {
  test('per account: three free failures, then 2 s doubling to at most 15 minutes', () => {
    const waits = Array.from({ length: 14 }, (_, i) => delayAfter(i + 1, ACCOUNT_CURVE) / 1000);
    assert.deepEqual(waits, [0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
  });
  test('per address: twenty free failures, then the same doubling', () => {
    assert.equal(delayAfter(20, ADDRESS_CURVE), 0);
    assert.equal(delayAfter(21, ADDRESS_CURVE), 2_000);
    assert.equal(delayAfter(100, ADDRESS_CURVE), 15 * 60_000);
  });
});

describe('createSignInThrottle', () => {
  const curve = { freeFailures: 2, baseDelayMs: 1000, maxDelayMs: 8000 };
  const setup = () => {
    let now = 1_000_000;
    const throttle = createSignInThrottle({
      account: curve,
      address: { ...curve, freeFailures: 4 },
      forgetAfterMs: 60_000,
      now: () => now,
    });
    return { throttle, advance: (ms: number) => (now += ms) };
  };

  test('an account waits after its free failures, longer each time; a success clears it', () => {
    const { throttle, advance } = setup();
    throttle.failed('anna', '192.0.2.1');
    throttle.failed('anna', '192.0.2.2');
    assert.equal(throttle.waitMs('anna', '192.0.2.3'), 0);
    throttle.failed('anna', '192.0.2.3');
    assert.equal(throttle.waitMs('anna', '192.0.2.4'), 1000, 'from any address');
    assert.equal(throttle.waitMs('bart', '192.0.2.4'), 0, 'not another account');
    advance(1000);
    assert.equal(throttle.waitMs('anna', '192.0.2.4'), 0);
    throttle.failed('anna', '192.0.2.4');
    assert.equal(throttle.waitMs('anna', undefined), 2000);
    advance(2000);
    throttle.succeeded('anna');
    throttle.failed('anna', undefined);
    assert.equal(throttle.waitMs('anna', undefined), 0, 'counting starts again after a success');
  });

  test('an address guessing at many accounts waits for every account', () => {
    const { throttle } = setup();
    for (const name of ['a', 'b', 'c', 'd', 'e']) throttle.failed(name, '198.51.100.7');
    assert.equal(throttle.waitMs('anna', '198.51.100.7'), 1000);
    assert.equal(throttle.waitMs('anna', '198.51.100.8'), 0);
    throttle.succeeded('anna');
    assert.equal(throttle.waitMs('anna', '198.51.100.7'), 1000, 'a success does not clear the address');
  });

  test('failures are forgotten a while after the last one', () => {
    const { throttle, advance } = setup();
    for (let i = 0; i < 5; i += 1) throttle.failed('anna', undefined);
    assert.ok(throttle.waitMs('anna', undefined) > 0);
    advance(60_001);
    assert.equal(throttle.waitMs('anna', undefined), 0);
    throttle.failed('anna', undefined);
    assert.equal(throttle.waitMs('anna', undefined), 0, 'one failure after the reset is free again');
  });

  test('at most maxConcurrentChecks run at once; a full queue is "busy"', async () => {
    const throttle = createSignInThrottle({ maxConcurrentChecks: 2, maxQueuedChecks: 1 });
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const check = () =>
      throttle.limit(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        return true;
      });
    const first = [check(), check(), check()];
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(throttle.load(), { running: 2, queued: 1 });
    await assert.rejects(check(), SignInBusyError);
    while (releases.length || throttle.load().running) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(await Promise.all(first), [true, true, true]);
    assert.equal(most, 2);
    assert.deepEqual(throttle.load(), { running: 0, queued: 0 });
  });
});
