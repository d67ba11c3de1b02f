// What a citizen chooses (issue 14): letters digitally or on paper, and e-mail notices of new items. No HTTP,
// no SQL. An address gets notices only once confirmed through the link mailed to it (a random token, kept as
// its hash, valid for `confirmTtlSeconds`). A new item (message, registered letter, dossier status, document,
// from the publish API or from the service itself) queues one notice per citizen: several items published
// together while a notice waits to go out make one mail. Every mail's sending is an audit row.

import { randomBytes } from 'node:crypto';
import { confirmationMail, NOTICE_PAGES, noticeMail, type NoticeKind } from '../mail/mail-texts.js';
import type { MailLog, Mailer } from '../mail/mailer.js';
import type { CitizenPreferences, Correspondence } from '../store/preferences.js';
import type { ContentWriter, Language, Owner, Store } from '../store/store.js';

export const CORRESPONDENCE: readonly Correspondence[] = Object.freeze(['digital', 'paper']);
export const MAX_EMAIL_LENGTH = 254;
/** a practical check (one @, a dot in the domain, no spaces); the confirmation link is the real check */
const EMAIL =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export const isEmailAddress = (value: string) => value.length <= MAX_EMAIL_LENGTH && EMAIL.test(value);

/** The path of the confirmation link's page (the token follows as `?token=`). */
export const CONFIRM_PATH = '/voorkeuren/e-mail/bevestigen';
export const PREFERENCES_PATH = '/voorkeuren';

/**
 * The audit row of a mail's last attempt (the mailer's `onDone`): `send-mail` by `service:mail`, concerning the
 * citizen, resource `/mail/<kind>`, outcome ok or error.
 */
export const auditMail =
  (store: Pick<Store, 'appendAudit'>) =>
  (mail: { userId: string; kind: string }, sent: boolean): Promise<void> =>
    store
      .appendAudit({
        clientIp: null,
        // the service itself read the citizen's address to send it
        subject: 'service:mail',
        onBehalfOf: null,
        concerns: mail.userId,
        resource: `/mail/${mail.kind}`,
        operation: 'send-mail',
        outcome: sent ? 'ok' : 'error',
      })
      .catch(() => {});

export interface ChoicesOptions {
  store: Store;
  mailer: Mailer;
  /** the service's public URL: the links in the mails */
  issuer: string;
  /** the municipality named in the mails */
  municipality: string;
  confirmTtlSeconds: number;
  now?: () => Date;
  /** where a notice that could not be queued is reported (its kind and error code) */
  log?: () => MailLog;
}

export type Choices = ReturnType<typeof createChoices>;

export function createChoices({
  store,
  mailer,
  issuer,
  municipality,
  confirmTtlSeconds,
  now = () => new Date(),
  log,
}: ChoicesOptions) {
  async function preferences(userId: string): Promise<CitizenPreferences> {
    return store.preferences.get(userId);
  }

  async function setCorrespondence(userId: string, correspondence: Correspondence): Promise<void> {
    await store.preferences.setCorrespondence(userId, correspondence);
  }

  /**
   * Starts the opt-in: stores the address unconfirmed and mails it the confirmation link. `invalid`: not an
   * e-mail address. Works without an SMTP server too (the link then never arrives; the page says so).
   */
  async function requestEmail(userId: string, email: string, language: Language): Promise<'requested' | 'invalid'> {
    const address = email.trim();
    if (!isEmailAddress(address)) return 'invalid';
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now().getTime() + confirmTtlSeconds * 1000).toISOString();
    await store.preferences.requestEmail(userId, { email: address, language, token, expiresAt });
    const link = `${issuer}${CONFIRM_PATH}?token=${token}&lang=${language}`;
    const mail = confirmationMail(language, link, Math.max(1, Math.round(confirmTtlSeconds / 3600)), municipality);
    await mailer.enqueue({ kind: 'confirmation', userId, to: address, ...mail });
    return 'requested';
  }

  const confirmEmail = (token: string) => store.preferences.confirmEmail(token, now().toISOString());
  const removeEmail = (userId: string) => store.preferences.removeEmail(userId);

  /**
   * A new item for `owner`: a notice to their confirmed address, if they have one, queued in the outbox. One
   * notice waits per citizen (the outbox's coalesce key, on every instance): items published while it waits, or
   * while it is being sent, make no mail of their own.
   */
  async function itemAdded(owner: Owner, kind: NoticeKind): Promise<void> {
    if (!mailer.enabled) return;
    const chosen = await store.preferences.get(owner.userId);
    if (!chosen.email || !chosen.emailConfirmedAt) return;
    const language = chosen.emailLanguage ?? 'nl';
    const lang = `?lang=${language}`;
    const mail = noticeMail(
      language,
      kind,
      { page: `${issuer}${NOTICE_PAGES[kind]}${lang}`, preferences: `${issuer}${PREFERENCES_PATH}${lang}` },
      municipality,
    );
    await mailer.enqueue({
      kind: 'notice',
      userId: owner.userId,
      to: chosen.email,
      ...mail,
      headers: { 'list-unsubscribe': `<${issuer}${PREFERENCES_PATH}>` },
      coalesceKey: `notice:${owner.userId}`,
    });
  }

  /**
   * The store, with a notice after each new item it writes (the content writer's inserts of messages,
   * dossiers, dossier events and documents). The services that write items for citizens get this store; the
   * demo's seed and reset do not. The notice is queued (a row in the outbox) right after the item's insert,
   * before the writer returns, so an answer that says "published" means the notice is stored too; the SMTP
   * exchange happens later, in the background. A notice that cannot be queued is logged (no address), never
   * the writer's error.
   */
  function withNotices(inner: Store): Store {
    const notice = async (owner: Owner, kind: NoticeKind) => {
      try {
        await itemAdded(owner, kind);
      } catch (error) {
        log?.().warn({ mail: 'notice', code: (error as { code?: string }).code ?? 'unknown' }, 'mail not queued');
      }
    };
    const writer: Pick<ContentWriter, 'insertMessage' | 'insertDossier' | 'addDossierEvent' | 'insertDocument'> = {
      async insertMessage(message) {
        await inner.insertMessage(message);
        await notice(message.owner, 'message');
      },
      async insertDossier(dossier) {
        await inner.insertDossier(dossier);
        await notice(dossier.owner, 'dossier');
      },
      // every argument passed on as it is, so a parameter the store adds later is not dropped here
      async addDossierEvent(...args) {
        const added = await inner.addDossierEvent(...args);
        if (added) await notice(args[0], 'dossier');
        return added;
      },
      async insertDocument(document) {
        await inner.insertDocument(document);
        await notice(document.owner, 'document');
      },
    };
    return { ...inner, ...writer };
  }

  return {
    /** false without LOKET_SMTP_URL: no confirmation link can arrive */
    mailEnabled: mailer.enabled,
    preferences,
    setCorrespondence,
    requestEmail,
    confirmEmail,
    removeEmail,
    itemAdded,
    withNotices,
  };
}
