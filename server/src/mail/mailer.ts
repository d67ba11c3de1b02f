// Outgoing mail (issue 14), through nodemailer to LOKET_SMTP_URL. Sending never holds up the request that
// caused it: `enqueue` returns at once and the queue sends in the background, one mail at a time; a failed
// send is retried after a delay, a few times, then dropped. The log names the attempt and the error's code,
// never an address or a mail's text. Without an SMTP URL nothing is sent (the service says so once, at start).

import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
  /** what the log may say about this mail (its kind; never personal data) */
  kind: string;
  /** after the last attempt: sent or not */
  onDone?: (sent: boolean) => void | Promise<void>;
}

export interface MailLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface MailerOptions {
  /** smtp://, smtps:// (with user:password@ when needed); absent: no mail */
  smtpUrl?: string | undefined;
  /** the From header, e.g. `"Gemeente Lindegem" <no-reply@lindegem.be>` */
  from: string;
  /** waits before the 2nd, 3rd, … attempt (default 2 s, 30 s, 5 min: four attempts) */
  retryDelaysMs?: number[];
  log: () => MailLog;
}

export interface Mailer {
  readonly enabled: boolean;
  enqueue(mail: OutgoingMail): void;
  /** resolves when nothing is queued or being sent (tests, shutdown) */
  idle(): Promise<void>;
  /** stops retrying, waits for the mail being sent, closes the connection */
  close(): Promise<void>;
}

const DEFAULT_RETRY_DELAYS_MS = [2_000, 30_000, 300_000];

export function createMailer({ smtpUrl, from, retryDelaysMs = DEFAULT_RETRY_DELAYS_MS, log }: MailerOptions): Mailer {
  const transport: Transporter | undefined = smtpUrl
    ? nodemailer.createTransport(smtpUrl, { from, disableFileAccess: true, disableUrlAccess: true })
    : undefined;
  const queue: { mail: OutgoingMail; attempt: number }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let sending: Promise<void> | undefined;
  let closed = false;
  let waiters: (() => void)[] = [];

  const isIdle = () => queue.length === 0 && !sending && timers.size === 0;
  const settle = () => {
    if (!isIdle()) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  async function sendOne(item: { mail: OutgoingMail; attempt: number }) {
    const { mail } = item;
    try {
      await transport!.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: { 'auto-submitted': 'auto-generated', ...mail.headers },
      });
      await mail.onDone?.(true);
    } catch (error) {
      const code = (error as { code?: string; responseCode?: number }).code ?? 'unknown';
      const responseCode = (error as { responseCode?: number }).responseCode;
      const delay = retryDelaysMs[item.attempt - 1];
      if (delay === undefined || closed) {
        log().warn({ mail: mail.kind, attempt: item.attempt, code, responseCode }, 'mail not sent: giving up');
        await mail.onDone?.(false);
        return;
      }
      log().warn(
        { mail: mail.kind, attempt: item.attempt, code, responseCode, retryInMs: delay },
        'mail not sent: retrying',
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        queue.push({ mail, attempt: item.attempt + 1 });
        pump();
      }, delay);
      timer.unref();
      timers.add(timer);
    }
  }

  function pump() {
    if (sending || closed) return settle();
    const next = queue.shift();
    if (!next) return settle();
    sending = sendOne(next)
      .catch(() => {})
      .finally(() => {
        sending = undefined;
        pump();
      });
    return undefined;
  }

  return {
    enabled: transport !== undefined,
    enqueue(mail) {
      if (!transport || closed) return;
      queue.push({ mail, attempt: 1 });
      // after the current request's work: the caller's answer does not wait for the SMTP exchange
      setImmediate(pump);
    },
    idle() {
      if (isIdle()) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      queue.length = 0;
      await sending;
      transport?.close();
      settle();
    },
  };
}
