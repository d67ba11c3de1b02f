// Outgoing mail (issue 14), through nodemailer to LOKET_SMTP_URL. `enqueue` writes the mail to the store's
// outbox (a row, encrypted) and returns; a sender loop per instance claims due rows with a lease and sends them
// in the background, one mail at a time, so the request that caused a mail never waits for the SMTP exchange.
// A mail queued when an instance stops, or waiting for its next attempt, stays in the outbox and is sent after
// the restart, or by another instance on the same database; a row whose sender died is taken over once its
// lease has run out. A failed send is tried again after a delay, a few times; after the last attempt the row is
// removed (the log and the audit row say so). The log names the kind, the attempt and the error's code, never
// an address or a mail's text. Without an SMTP URL nothing is queued or sent (the service says so at start).

import nodemailer, { type Transporter } from 'nodemailer';
import type { ClaimedMail, MailOutboxStore, NewOutboxMail } from '../store/mail-outbox.js';

/** A mail as it is queued (the outbox's own shape: the mailer adds nothing to it). */
export type OutgoingMail = NewOutboxMail;

export interface MailLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface MailerOptions {
  /** smtp://, smtps:// (with user:password@ when needed); absent: no mail */
  smtpUrl?: string | undefined;
  /** the From header, e.g. `"Gemeente Lindegem" <no-reply@lindegem.be>` */
  from: string;
  /** where the mails wait: the store's outbox */
  outbox: MailOutboxStore;
  /** waits before the 2nd, 3rd, … attempt (default 2 s, 30 s, 5 min, 30 min, 2 h, 6 h: seven attempts, 8.5 hours) */
  retryDelaysMs?: number[];
  /** how long a claimed row is this instance's before another may take it over (default 5 min) */
  leaseMs?: number;
  /** how often the outbox is looked at when nothing is due here (other instances' rows; default 5 s) */
  pollMs?: number;
  /** after a mail's last attempt: sent or not (the audit row) */
  onDone?: (mail: { userId: string; kind: string }, sent: boolean) => void | Promise<void>;
  log: () => MailLog;
}

export interface Mailer {
  readonly enabled: boolean;
  /** queues the mail in the outbox; false when mail is off, or a mail with its coalesceKey is queued already */
  enqueue(mail: OutgoingMail): Promise<boolean>;
  /** starts the sender loop (the rows left by an earlier run are sent too) */
  start(): void;
  /** resolves when the outbox is empty and nothing is being sent (tests, shutdown), or the mailer is closed */
  idle(): Promise<void>;
  /** stops claiming, waits for the mail being sent, closes the connection; queued mails stay in the outbox */
  close(): Promise<void>;
}

/**
 * A mail server down for a maintenance window, or a night, should not cost the mails that fell due: the outbox
 * keeps them, so the attempts can spread over hours (a confirmation link lasts 24 h).
 */
const DEFAULT_RETRY_DELAYS_MS = [2_000, 30_000, 300_000, 1_800_000, 7_200_000, 21_600_000];
const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_POLL_MS = 5_000;

export function createMailer({
  smtpUrl,
  from,
  outbox,
  retryDelaysMs = DEFAULT_RETRY_DELAYS_MS,
  leaseMs = DEFAULT_LEASE_MS,
  pollMs = DEFAULT_POLL_MS,
  onDone,
  log,
}: MailerOptions): Mailer {
  // one exchange ends well within the lease (nodemailer's defaults wait up to 10 minutes on a silent socket)
  const transport: Transporter | undefined = smtpUrl
    ? nodemailer.createTransport(
        // the URL's own settings win; these apply where it says nothing
        { url: smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 },
        { from, disableFileAccess: true, disableUrlAccess: true },
      )
    : undefined;
  let started = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  /** the loop's current pass: claiming and sending until nothing is due */
  let running: Promise<void> | undefined;
  /** something was queued here during a pass: look again right after it */
  let again = false;
  let waiters: (() => void)[] = [];

  const schedule = (delayMs: number) => {
    if (closed || !started) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, Math.min(delayMs, pollMs)));
    timer.unref();
  };

  function run() {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (closed || running) {
      again = true;
      return;
    }
    running = pass().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        schedule(0);
      }
    });
  }

  async function pass() {
    let delay = pollMs;
    try {
      for (;;) {
        if (closed) return;
        const [mail] = await outbox.claim({ leaseMs, limit: 1 });
        if (!mail) break;
        await sendOne(mail);
      }
      const next = await outbox.nextDueAt();
      if (next === undefined) settle();
      else delay = Date.parse(next) - Date.now();
    } catch (error) {
      // the database did not answer: look again later (the rows wait)
      log().warn({ code: (error as { code?: string }).code ?? 'unknown' }, 'mail outbox not read: trying again');
    }
    schedule(delay);
  }

  async function sendOne(mail: ClaimedMail) {
    try {
      await transport!.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: { 'auto-submitted': 'auto-generated', ...mail.headers },
      });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unknown';
      const responseCode = (error as { responseCode?: number }).responseCode;
      const delay = retryDelaysMs[mail.attempts - 1];
      if (delay === undefined) {
        log().warn({ mail: mail.kind, attempt: mail.attempts, code, responseCode }, 'mail not sent: giving up');
        if (await outbox.giveUp(mail.id, mail.lease)) await done(mail, false);
        return;
      }
      log().warn(
        { mail: mail.kind, attempt: mail.attempts, code, responseCode, retryInMs: delay },
        'mail not sent: retrying',
      );
      const retryAt = new Date(Date.now() + delay).toISOString();
      await outbox.retryLater(mail.id, mail.lease, retryAt, String(responseCode ?? code));
      return;
    }
    await outbox.delivered(mail.id);
    await done(mail, true);
  }

  const done = async (mail: { userId: string; kind: string }, sent: boolean) => {
    try {
      await onDone?.({ userId: mail.userId, kind: mail.kind }, sent);
    } catch {
      // the audit row's own failure is the audit log's to report
    }
  };

  /** the outbox is empty (or the mailer closed): idle() resolves */
  function settle() {
    const resolved = waiters;
    waiters = [];
    for (const resolve of resolved) resolve();
  }

  return {
    enabled: transport !== undefined,
    async enqueue(mail) {
      if (!transport) return false;
      const id = await outbox.enqueue(mail);
      // after the current request's work: the caller's answer does not wait for the SMTP exchange
      if (id !== undefined && started) setImmediate(run);
      return id !== undefined;
    },
    start() {
      if (!transport || started || closed) return;
      started = true;
      setImmediate(run);
    },
    idle() {
      if (!transport || closed || !started) return Promise.resolve();
      const promise = new Promise<void>((resolve) => waiters.push(resolve));
      // a pass ends by telling the waiters when the outbox is empty
      if (!running) schedule(0);
      return promise;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
      transport?.close();
      settle();
    },
  };
}
