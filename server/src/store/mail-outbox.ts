// The mail outbox (issue 14, migration 0015): mails still to send, in the database, so that a mail queued (or
// waiting for its next attempt) when an instance stops or dies is sent after all, by this instance when it
// starts again or by another one on the same database. A sender claims a due row with a lease (its own random
// token until a time): two instances never send the same row at once, and a row whose sender died is claimed
// again once the lease has run out. The recipient and the content are personal (an address; a confirmation
// link's token): both are encrypted under the citizen's data key, bound to the row. A row goes once its mail is
// sent, when its sender gives up, and with the citizen (erasure, turning notices off, another address).

import { randomBytes, randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely } from 'kysely';
import { DecryptionError, fieldAad } from '../crypto/envelope.js';
import { userKeyId, type Keyring } from './keyring.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export interface NewOutboxMail {
  /** the citizen the mail is for: their data key encrypts it */
  userId: string;
  /** what the log and the audit may say about the mail ('notice', 'confirmation'); never personal */
  kind: string;
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
  /** while a mail with this key waits (or is being sent), another one with it is not queued */
  coalesceKey?: string;
}

/** A claimed row, decrypted: the sender's to send. */
export interface ClaimedMail {
  id: string;
  userId: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
  /** attempts begun, this one included */
  attempts: number;
  /** the claim: `retryLater` and `giveUp` act only while it holds */
  lease: string;
}

/** A queued mail as the operator (and the tests) may see it: nothing personal. */
export interface OutboxEntry {
  id: string;
  userId: string;
  kind: string;
  attempts: number;
  nextAttemptAt: string;
  /** an instance holds it (is sending it) until this time */
  leasedUntil: string | null;
  lastError: string | null;
  createdAt: string;
}

export interface MailOutboxStore {
  /** queues a mail (due now, or at `at`); undefined when a mail with the same `coalesceKey` waits already */
  enqueue(mail: NewOutboxMail, at?: string): Promise<string | undefined>;
  /**
   * Claims up to `limit` due rows (not leased, or their lease ran out) for `leaseMs`, counting an attempt for
   * each. Atomic across instances: a row is claimed by one of them. Rows that no longer decrypt (the citizen's
   * key is gone) are removed, not returned.
   */
  claim(options: { leaseMs: number; limit?: number; at?: string }): Promise<ClaimedMail[]>;
  /** sent: the row goes (whoever holds it now: it must not go out again) */
  delivered(id: string): Promise<void>;
  /** not sent: the next attempt at `retryAt`; false when the lease no longer holds (another instance has it) */
  retryLater(id: string, lease: string, retryAt: string, error: string): Promise<boolean>;
  /** not sent, and no more attempts: the row goes */
  giveUp(id: string, lease: string): Promise<boolean>;
  /** when a row becomes claimable next (due, and its lease run out); undefined: the outbox is empty */
  nextDueAt(at?: string): Promise<string | undefined>;
  /** the rows waiting, oldest first, of one citizen or all: nothing personal */
  entries(userId?: string): Promise<OutboxEntry[]>;
  /** removes a citizen's queued mails; how many */
  removeFor(userId: string): Promise<number>;
}

const now = () => new Date().toISOString();
const recipientAad = (id: string) => fieldAad('mail_outbox', 'recipient', id);
const contentAad = (id: string) => fieldAad('mail_outbox', 'content', id);

/** due at `at`, and nobody's lease on it (or it ran out) */
const claimable = (at: string) => (eb: ExpressionBuilder<Database, 'mail_outbox'>) =>
  eb.and([eb('next_attempt_at', '<=', at), eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)])]);

export function createMailOutboxStore(db: Db, keys: Keyring): MailOutboxStore {
  return {
    async enqueue(mail, at = now()) {
      const id = randomUUID();
      const key = await keys.forWrite(db, userKeyId(mail.userId));
      const content = JSON.stringify({ subject: mail.subject, text: mail.text, headers: mail.headers ?? {} });
      const result = await db
        .insertInto('mail_outbox')
        .values({
          id,
          user_id: mail.userId,
          kind: mail.kind,
          recipient: keys.encrypt(key, recipientAad(id), mail.to),
          content: keys.encrypt(key, contentAad(id), content),
          coalesce_key: mail.coalesceKey ?? null,
          attempts: 0,
          next_attempt_at: at,
          lease_token: null,
          lease_until: null,
          last_error: null,
          created_at: at,
        })
        .onConflict((oc) => oc.column('coalesce_key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0 ? id : undefined;
    },

    async claim({ leaseMs, limit = 1, at = now() }) {
      // a read first, so that an instance finding nothing due writes nothing; then one update that checks again,
      // row by row (PostgreSQL re-reads a row another transaction just claimed, SQLite runs one writer at a time)
      const candidates = await db
        .selectFrom('mail_outbox')
        .select('id')
        .where(claimable(at))
        .orderBy('next_attempt_at')
        .limit(limit)
        .execute();
      if (candidates.length === 0) return [];
      const lease = randomBytes(16).toString('base64url');
      const rows = await db
        .updateTable('mail_outbox')
        .set((eb) => ({
          lease_token: lease,
          lease_until: new Date(Date.parse(at) + leaseMs).toISOString(),
          attempts: eb('attempts', '+', 1),
        }))
        .where(
          'id',
          'in',
          candidates.map((c) => c.id),
        )
        .where(claimable(at))
        .returningAll()
        .execute();
      const claimed: ClaimedMail[] = [];
      for (const row of rows) {
        try {
          const keyId = userKeyId(row.user_id);
          const to = await keys.decrypt(db, keyId, recipientAad(row.id), row.recipient);
          const content = JSON.parse(await keys.decrypt(db, keyId, contentAad(row.id), row.content)) as {
            subject: string;
            text: string;
            headers: Record<string, string>;
          };
          claimed.push({
            id: row.id,
            userId: row.user_id,
            kind: row.kind,
            to,
            ...content,
            attempts: row.attempts,
            lease,
          });
        } catch (error) {
          // the citizen's key is gone (erased meanwhile): nobody can read this mail any more
          if (!(error instanceof DecryptionError)) throw error;
          await db.deleteFrom('mail_outbox').where('id', '=', row.id).execute();
        }
      }
      return claimed;
    },

    async delivered(id) {
      await db.deleteFrom('mail_outbox').where('id', '=', id).execute();
    },

    async retryLater(id, lease, retryAt, error) {
      const result = await db
        .updateTable('mail_outbox')
        .set({ next_attempt_at: retryAt, lease_token: null, lease_until: null, last_error: error.slice(0, 100) })
        .where('id', '=', id)
        .where('lease_token', '=', lease)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async giveUp(id, lease) {
      const result = await db
        .deleteFrom('mail_outbox')
        .where('id', '=', id)
        .where('lease_token', '=', lease)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async nextDueAt(at = now()) {
      const rows = await db
        .selectFrom('mail_outbox')
        .select(['next_attempt_at', 'lease_until'])
        .orderBy('next_attempt_at')
        .limit(100)
        .execute();
      if (rows.length === 0) return undefined;
      // a leased row becomes claimable when its lease runs out (its sender died), if it is still there then
      let next: string | undefined;
      for (const row of rows) {
        const leased = row.lease_until !== null && row.lease_until > at;
        const due = leased && row.lease_until! > row.next_attempt_at ? row.lease_until! : row.next_attempt_at;
        if (next === undefined || due < next) next = due;
      }
      return next;
    },

    async entries(userId) {
      let query = db.selectFrom('mail_outbox').selectAll();
      if (userId !== undefined) query = query.where('user_id', '=', userId);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      const at = now();
      return rows.map((row) => ({
        id: row.id,
        userId: row.user_id,
        kind: row.kind,
        attempts: Number(row.attempts),
        nextAttemptAt: row.next_attempt_at,
        leasedUntil: row.lease_until !== null && row.lease_until > at ? row.lease_until : null,
        lastError: row.last_error,
        createdAt: row.created_at,
      }));
    },

    async removeFor(userId) {
      const result = await db.deleteFrom('mail_outbox').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
