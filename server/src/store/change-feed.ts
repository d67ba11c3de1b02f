// "This owner's summary changed", to every subscriber of every instance on the same database. Subscribers of
// this instance hear it at once; other instances hear it through PostgreSQL's NOTIFY on a dedicated LISTEN
// connection (reconnected when it drops). On SQLite there is one process, so the in-process path is all.

import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import type { ChangeFeed, Owner } from './store.js';

const CHANNEL = 'loket_changes';
const EVENT = 'change';
const RECONNECT_MS = { first: 250, max: 10_000 };

export interface ClosableChangeFeed extends ChangeFeed {
  close(): Promise<void>;
}

export function createLocalChangeFeed(): ClosableChangeFeed {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0); // one listener per open event stream
  return {
    async publish(owner) {
      emitter.emit(EVENT, { userId: owner.userId, partyId: owner.partyId });
    },
    subscribe(listener) {
      emitter.on(EVENT, listener);
      return () => emitter.off(EVENT, listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/** The notification's payload: the sending instance (to skip its own) and the owner's opaque ids. */
interface Notice {
  i: string;
  u: string;
  p: string | null;
}

const isNotice = (value: unknown): value is Notice => {
  const n = value as Partial<Notice> | null;
  return typeof n?.i === 'string' && typeof n.u === 'string' && (n.p === null || typeof n.p === 'string');
};

export async function createPostgresChangeFeed(
  db: Kysely<Database>,
  connectionString: string,
  onError: (error: Error) => void,
): Promise<ClosableChangeFeed> {
  const local = createLocalChangeFeed();
  const instance = randomUUID();
  let listener: pg.Client | undefined;
  let closed = false;
  let delay = RECONNECT_MS.first;
  let retry: NodeJS.Timeout | undefined;

  const deliver = (message: pg.Notification) => {
    if (message.channel !== CHANNEL || !message.payload) return;
    let notice: unknown;
    try {
      notice = JSON.parse(message.payload);
    } catch {
      return;
    }
    if (isNotice(notice) && notice.i !== instance) void local.publish({ userId: notice.u, partyId: notice.p });
  };

  const scheduleReconnect = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((error: Error) => {
        onError(error);
        scheduleReconnect();
      });
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, RECONNECT_MS.max);
  };

  const connect = async () => {
    const client = new pg.Client({ connectionString });
    client.on('error', (error) => {
      onError(error);
      if (listener === client) listener = undefined;
      client.end().catch(() => {});
      scheduleReconnect();
    });
    client.on('end', () => {
      if (listener === client) listener = undefined;
      scheduleReconnect();
    });
    client.on('notification', deliver);
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
    delay = RECONNECT_MS.first;
  };

  await connect();

  return {
    async publish(owner: Owner) {
      await local.publish(owner);
      const notice: Notice = { i: instance, u: owner.userId, p: owner.partyId };
      await sql`select pg_notify(${CHANNEL}, ${JSON.stringify(notice)})`.execute(db);
    },
    subscribe: (listen) => local.subscribe(listen),
    async close() {
      closed = true;
      clearTimeout(retry);
      const client = listener;
      listener = undefined;
      await client?.end().catch(() => {});
      await local.close();
    },
  };
}
