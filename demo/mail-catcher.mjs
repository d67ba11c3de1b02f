// The demo's mail catcher (issue 14): a real SMTP server (the smtp-server package) that keeps the mails it
// receives in memory, and a small web page that shows them, so a new user sees the whole round trip of the
// e-mail notices without a mail server. `npm start` runs it and points the service's LOKET_SMTP_URL at it;
// the tests start their own.
//
//   import { startMailCatcher } from './demo/mail-catcher.mjs';
//   const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
//   catcher.smtpUrl   // smtp://127.0.0.1:<port>   (LOKET_SMTP_URL)
//   catcher.url       // http://localhost:<port>/  (the caught mails; /mails.json for programs)
//   catcher.mails()   // [{ id, receivedAt, from, to, subject, text, headers }], oldest first
//   await catcher.waitFor((mail) => mail.to.includes('anna@example.be'));
//   await catcher.close();

import { createServer } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const MAX_MAILS = 500;
const MAX_SIZE = 1024 * 1024;

const escapeHtml = (value) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/** Plain text with its links made clickable (the text is escaped first). */
const linkify = (text) => escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

function page(mails) {
  const items = [...mails]
    .reverse()
    .map(
      (m) => `<article>
<h2>${escapeHtml(m.subject || '(no subject)')}</h2>
<dl><dt>From</dt><dd>${escapeHtml(m.from)}</dd><dt>To</dt><dd>${escapeHtml(m.to.join(', '))}</dd><dt>Received</dt><dd><time datetime="${m.receivedAt}">${escapeHtml(m.receivedAt.replace('T', ' ').slice(0, 19))} UTC</time></dd></dl>
<pre>${linkify(m.text)}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5">
<title>Loket demo: caught mails (${mails.length})</title>
<style>
body { margin: 0; font: 1rem/1.5 system-ui, sans-serif; color: #1f2328; background: #f6f8fa; }
main { max-width: 48rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
article { margin: 1rem 0; padding: 1rem 1.25rem; background: #fff; border: 1px solid #d0d7de; border-radius: 0.5rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; margin: 0 0 0.75rem; font-size: 0.9rem; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; margin: 0; }
a { color: #0550ae; }
</style>
</head>
<body>
<main>
<h1>Caught mails</h1>
<p>Every mail the demo's profile service sends ends up here (a local SMTP server, nothing leaves this computer). Newest first; the page reloads every 5 seconds.</p>
${items || '<p>No mail yet. Turn on e-mail notices at <em>Mijn gegevens → Mijn voorkeuren</em> in the profile service.</p>'}
</main>
</body>
</html>
`;
}

export async function startMailCatcher({ smtpPort = 2525, httpPort = 8025, host = '127.0.0.1' } = {}) {
  const mails = [];
  const waiters = new Set();
  let nextId = 1;

  const smtp = new SMTPServer({
    // a local catcher: no TLS offered (nodemailer would not trust a self-signed certificate), no login
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    size: MAX_SIZE,
    logger: false,
    banner: 'Loket demo mail catcher',
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail = {
            id: nextId++,
            receivedAt: new Date().toISOString(),
            from: parsed.from?.text ?? session.envelope.mailFrom?.address ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            headers: Object.fromEntries(
              [...parsed.headers].map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
            ),
          };
          mails.push(mail);
          if (mails.length > MAX_MAILS) mails.shift();
          for (const waiter of [...waiters]) waiter(mail);
          callback();
        })
        .catch((error) => callback(error));
    },
  });
  smtp.on('error', () => {});
  await new Promise((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(smtpPort, host, () => {
      smtp.server.off('error', reject);
      resolve();
    });
  });
  const boundSmtpPort = smtp.server.address().port;

  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/mails.json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(JSON.stringify(mails));
    }
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      return res.end(page(mails));
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    return res.end('Not found: the caught mails are at / (and /mails.json).');
  });
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(httpPort, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const boundHttpPort = http.address().port;

  return {
    smtpUrl: `smtp://${host}:${boundSmtpPort}`,
    url: `http://localhost:${boundHttpPort}/`,
    mails: () => [...mails],
    /** the first mail (already caught or still to come) that `match` accepts; rejects after `timeoutMs` */
    waitFor(match, { timeoutMs = 10_000 } = {}) {
      const found = mails.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no such mail within ${timeoutMs} ms (caught: ${mails.length})`));
        }, timeoutMs);
        const waiter = (mail) => {
          if (!match(mail)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(mail);
        };
        waiters.add(waiter);
      });
    },
    clear: () => {
      mails.length = 0;
    },
    close: async () => {
      http.closeAllConnections?.();
      await Promise.all([
        new Promise((resolve) => http.close(() => resolve())),
        new Promise((resolve) => smtp.close(() => resolve())),
      ]);
    },
  };
}
