// The citizen's choices (issue 14): digital or paper correspondence, and e-mail notices. The address is
// personal: it is stored encrypted under the citizen's data key. The confirmation token is stored only as its
// SHA-256 (the token is in the mail, nowhere else), with its expiry; an unconfirmed address gets no notice.

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { fieldAad } from '../crypto/envelope.js';
import { userKeyId, type Keyring } from './keyring.js';
import type { Database } from './schema.js';
import type { Language } from './store.js';

type Db = Kysely<Database>;

export type Correspondence = 'digital' | 'paper';

export interface CitizenPreferences {
  /** 'digital' unless the citizen chose paper */
  correspondence: Correspondence;
  /** the address for e-mail notices (confirmed or waiting for its confirmation), or null */
  email: string | null;
  /** the language of the mails */
  emailLanguage: Language | null;
  /** null: not confirmed, no notices */
  emailConfirmedAt: string | null;
  /** while unconfirmed: until when the confirmation link works */
  emailTokenExpiresAt: string | null;
}

export type ConfirmResult = { outcome: 'confirmed'; userId: string } | { outcome: 'expired' | 'unknown' };

export interface PreferencesStore {
  /** the citizen's choices (the defaults when they made none) */
  get(userId: string): Promise<CitizenPreferences>;
  setCorrespondence(userId: string, correspondence: Correspondence): Promise<void>;
  /**
   * A new address for e-mail notices, unconfirmed until the token (kept as its hash) comes back before
   * `expiresAt`; replaces any earlier address, confirmed or not (mails queued for it are dropped).
   */
  requestEmail(
    userId: string,
    request: { email: string; language: Language; token: string; expiresAt: string },
  ): Promise<void>;
  /** the token of a confirmation link: confirms its address (once) */
  confirmEmail(token: string, at?: string): Promise<ConfirmResult>;
  /** no more e-mail notices: the address is forgotten (queued mails too); false when there was none */
  removeEmail(userId: string): Promise<boolean>;
}

const DEFAULTS: CitizenPreferences = {
  correspondence: 'digital',
  email: null,
  emailLanguage: null,
  emailConfirmedAt: null,
  emailTokenExpiresAt: null,
};

export const tokenHash = (token: string) =>
  createHash('sha256').update(`loket:email-confirmation\n${token}`).digest('hex');
const now = () => new Date().toISOString();
/** The e-mail columns of a row without an address: a new row's, and what removing the address leaves. */
const NO_EMAIL = {
  email: null,
  email_language: null,
  email_confirmed_at: null,
  email_token_hash: null,
  email_token_expires_at: null,
} as const;
const emailAad = (userId: string) => fieldAad('citizen_preferences', 'email', userId);

export function createPreferencesStore(db: Db, keys: Keyring): PreferencesStore {
  /** inserts the row with the defaults when it is not there (so every change is an update) */
  const ensureRow = (userId: string) =>
    db
      .insertInto('citizen_preferences')
      .values({
        user_id: userId,
        correspondence: DEFAULTS.correspondence,
        ...NO_EMAIL,
        updated_at: now(),
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();

  const dropQueuedMail = (userId: string) => db.deleteFrom('mail_outbox').where('user_id', '=', userId).execute();

  return {
    async get(userId) {
      const row = await db
        .selectFrom('citizen_preferences')
        .selectAll()
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!row) return { ...DEFAULTS };
      return {
        correspondence: row.correspondence === 'paper' ? 'paper' : 'digital',
        email: await keys.decryptNullable(db, userKeyId(userId), emailAad(userId), row.email),
        emailLanguage: (row.email_language as Language | null) ?? null,
        emailConfirmedAt: row.email_confirmed_at,
        emailTokenExpiresAt: row.email_confirmed_at ? null : row.email_token_expires_at,
      };
    },
    async setCorrespondence(userId, correspondence) {
      await ensureRow(userId);
      await db
        .updateTable('citizen_preferences')
        .set({ correspondence, updated_at: now() })
        .where('user_id', '=', userId)
        .execute();
    },
    async requestEmail(userId, { email, language, token, expiresAt }) {
      const key = await keys.forWrite(db, userKeyId(userId));
      await ensureRow(userId);
      await db
        .updateTable('citizen_preferences')
        .set({
          email: keys.encrypt(key, emailAad(userId), email),
          email_language: language,
          email_confirmed_at: null,
          email_token_hash: tokenHash(token),
          email_token_expires_at: expiresAt,
          updated_at: now(),
        })
        .where('user_id', '=', userId)
        .execute();
      // mails queued for the address it replaces (an older confirmation link no longer works) do not go out
      await dropQueuedMail(userId);
    },
    async confirmEmail(token, at = now()) {
      const row = await db
        .selectFrom('citizen_preferences')
        .select(['user_id', 'email_token_expires_at'])
        .where('email_token_hash', '=', tokenHash(token))
        .executeTakeFirst();
      if (!row) return { outcome: 'unknown' };
      if (!row.email_token_expires_at || row.email_token_expires_at <= at) return { outcome: 'expired' };
      const result = await db
        .updateTable('citizen_preferences')
        .set({ email_confirmed_at: at, email_token_hash: null, email_token_expires_at: null, updated_at: at })
        .where('user_id', '=', row.user_id)
        .where('email_token_hash', '=', tokenHash(token))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0 ? { outcome: 'confirmed', userId: row.user_id } : { outcome: 'unknown' };
    },
    async removeEmail(userId) {
      const result = await db
        .updateTable('citizen_preferences')
        .set({ ...NO_EMAIL, updated_at: now() })
        .where('user_id', '=', userId)
        .where('email', 'is not', null)
        .executeTakeFirst();
      // the address is forgotten: also in the mails still queued for it
      await dropQueuedMail(userId);
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
