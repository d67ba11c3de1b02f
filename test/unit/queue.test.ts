import { expect } from '@open-wc/testing';
import { createLoketStub, replayQueue, type QueuedCall } from '../../src/api/stub.js';
import type { LoketApi } from '../../src/api/loket-api.js';

/** A queue as the pre-load snippet of docs/api.md fills it: each call holds its promise's settle functions. */
function queueOf(...calls: [string, unknown[]][]) {
  const q: QueuedCall[] = [];
  const results = calls.map(
    ([method, args]) => new Promise((resolve, reject) => q.push([method, args, resolve, reject])),
  );
  return { snippet: { q }, results };
}

describe('the pre-load queue', () => {
  it('replays queued calls in order on the real window.loket and settles their promises', async () => {
    const order: string[] = [];
    const implementation = {
      getConfig: async () => (order.push('getConfig'), { municipality: { id: 'x' } }),
      setNavigationEnabled: async (enabled: boolean) => void order.push(`nav:${enabled}`),
    } as unknown as LoketApi;
    const stub = createLoketStub('test', async () => implementation);
    const { snippet, results } = queueOf(['setNavigationEnabled', [false]], ['getConfig', []]);
    replayQueue(snippet, stub);
    expect(await results[1]).to.deep.equal({ municipality: { id: 'x' } });
    await results[0];
    expect(order).to.deep.equal(['nav:false', 'getConfig']);
  });

  it('rejects a queued call of an unknown method, naming it, and goes on with the rest', async () => {
    const stub = createLoketStub('test', async () => ({ refresh: async () => undefined }) as unknown as LoketApi);
    const { snippet, results } = queueOf(['explode', []], ['refresh', []]);
    replayQueue(snippet, stub);
    const message = await results[0].then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    expect(message).to.contain('unknown method "explode"');
    expect(await results[1]).to.equal(undefined);
  });

  it('resolves a queued on() with the function that stops listening', async () => {
    const stub = createLoketStub('test', async () => ({}) as LoketApi);
    const { snippet, results } = queueOf(['on', ['ready', () => seen.push('ready')]]);
    const seen: string[] = [];
    replayQueue(snippet, stub);
    const off = (await results[0]) as () => void;
    document.dispatchEvent(new Event('loket-ready'));
    off();
    document.dispatchEvent(new Event('loket-ready'));
    expect(seen).to.deep.equal(['ready']);
  });

  it('rejects a queued on() with bad arguments instead of throwing into the page', async () => {
    const stub = createLoketStub('test', async () => ({}) as LoketApi);
    const { snippet, results } = queueOf(['on', ['ready', 'not a function']]);
    replayQueue(snippet, stub);
    expect(
      await results[0].then(
        () => 'resolved',
        (e: Error) => e.message,
      ),
    ).to.contain('"handler" must be a function');
  });

  it('ignores anything that is not a snippet queue', () => {
    const stub = createLoketStub('test', async () => ({}) as LoketApi);
    replayQueue(undefined, stub);
    replayQueue({ q: 'nope' }, stub);
    replayQueue(42, stub);
  });
});
