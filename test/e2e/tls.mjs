// TLS for the end-to-end tests: a throwaway certificate authority and a certificate for localhost made with
// the machine's openssl, and a TLS-terminating reverse proxy (node:https) in front of a plain-HTTP server, as a
// municipality would run the service behind nginx or a load balancer. The proxy connects to its upstream from
// 127.0.0.2 (a loopback address of its own, so the service can tell the proxy from the browser) and adds
// X-Forwarded-For and X-Forwarded-Proto.
//
// Chromium is given the test CA's and the certificate's SPKI hashes (--ignore-certificate-errors-spki-list):
// only this chain is accepted, every other certificate error still fails, and the pages are real https.

import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PROXY_ADDRESS = '127.0.0.2';

/** A CA and a certificate for localhost and 127.0.0.1 signed by it (P-256, two days). */
export function makeCertificates() {
  const dir = mkdtempSync(path.join(tmpdir(), 'loket-tls-'));
  const file = (name) => path.join(dir, name);
  const openssl = (...args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    // prettier-ignore
    openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '2',
      '-subj', '/CN=Loket e2e test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    openssl('req', ...ec, '-keyout', file('leaf.key'), '-out', file('leaf.csr'), '-subj', '/CN=localhost');
    writeFileSync(
      file('leaf.ext'),
      'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=critical,CA:FALSE\n',
    );
    // prettier-ignore
    openssl('x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'),
      '-CAcreateserial', '-out', file('leaf.crt'), '-days', '2', '-extfile', file('leaf.ext'));
    const ca = readFileSync(file('ca.crt'), 'utf8');
    const cert = readFileSync(file('leaf.crt'), 'utf8');
    const spki = (pem) =>
      createHash('sha256')
        .update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }))
        .digest('base64');
    return { key: readFileSync(file('leaf.key'), 'utf8'), cert, ca, spkiHashes: [spki(cert), spki(ca)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The flag that makes Chromium accept this chain (and only it). */
export const trustFlag = ({ spkiHashes }) => `--ignore-certificate-errors-spki-list=${spkiHashes.join(',')}`;

/**
 * A TLS proxy on 127.0.0.1 (port 0) to `http://127.0.0.1:<upstreamPort>`, the upstream set later (the service
 * needs the proxy's URL as its public URL before it starts). Streams both ways (server-sent events pass).
 */
export async function startTlsProxy({ key, cert }) {
  let upstreamPort;
  const server = createServer({ key, cert }, (req, res) => {
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: upstreamPort,
        localAddress: PROXY_ADDRESS,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'x-forwarded-for': forwarded, 'x-forwarded-proto': 'https' },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `https://localhost:${port}`,
    set upstream(value) {
      upstreamPort = value;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
