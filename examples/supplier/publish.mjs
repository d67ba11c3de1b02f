#!/usr/bin/env node
// A supplier's e-loket publishing to the citizen through Loket's publish API (docs/publishing.md).
// Authenticates as demo-eloket (client_credentials + private_key_jwt), publishes for anna a dossier with two
// status changes, a message, a document and a registered letter, then waits for the letter's receipt (anna
// acknowledges it on the letter's page) and verifies it against the service's JWKS.
//
//   node examples/supplier/publish.mjs                      service at http://localhost:8081
//   LOKET_URL=https://loket.example node examples/supplier/publish.mjs
//   options (environment): LOKET_CLIENT_ID, LOKET_CLIENT_KEY (a private JWK file), LOKET_CITIZEN_NRN,
//   LOKET_WAIT_SECONDS (how long to wait for the receipt, default 120; 0: do not wait)
//
// Dependencies: jose and Node's fetch only.

import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { compactVerify, createRemoteJWKSet, importJWK, SignJWT } from 'jose';

const here = new URL('.', import.meta.url);
const config = {
  url: (process.env.LOKET_URL ?? 'http://localhost:8081').replace(/\/$/, ''),
  clientId: process.env.LOKET_CLIENT_ID ?? 'demo-eloket',
  keyFile: process.env.LOKET_CLIENT_KEY ?? new URL('../../demo/clients/demo-eloket.private.jwk.json', here),
  nrn: process.env.LOKET_CITIZEN_NRN ?? '85073003328', // anna, a demo citizen
  waitSeconds: Number(process.env.LOKET_WAIT_SECONDS ?? 120),
  pollMs: Number(process.env.LOKET_POLL_MS ?? 2000),
};

/** A small, valid one-page PDF (the example ships no binary file). */
function pdf(title) {
  const text = `BT /F1 18 Tf 56 760 Td (${title.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const offset = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function accessToken() {
  const jwk = JSON.parse(readFileSync(config.keyFile, 'utf8'));
  const key = await importJWK(jwk, jwk.alg ?? 'ES256');
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: jwk.alg ?? 'ES256', ...(jwk.kid ? { kid: jwk.kid } : {}) })
    .setIssuer(config.clientId)
    .setSubject(config.clientId)
    .setAudience(config.url)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('2m')
    .sign(key);
  const res = await fetch(`${config.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: 'publish:dossiers publish:messages publish:documents publish:letters read:preferences',
    }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`token request refused (${res.status}): ${body.error}: ${body.error_description ?? ''}`);
  return body.access_token;
}

async function main() {
  const token = await accessToken();
  console.log(`authenticated as ${config.clientId} at ${config.url}`);
  const call = async (method, path, body) => {
    const multipartBody = body instanceof FormData;
    const res = await fetch(`${config.url}/api/publish${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(method === 'GET' ? {} : { 'idempotency-key': randomUUID() }),
        ...(body && !multipartBody ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: multipartBody ? body : JSON.stringify(body) } : {}),
    });
    const answer = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${answer.detail ?? JSON.stringify(answer)}`);
    return answer;
  };
  const withPdf = (metadata, file, name) => {
    const form = new FormData();
    form.append('metadata', JSON.stringify(metadata));
    form.append('file', new Blob([file], { type: 'application/pdf' }), name);
    return form;
  };
  const citizen = { nationalRegisterNumber: config.nrn };
  const reference = `GR-${Date.now()}`;

  const preferences = await call('GET', `/citizens/${config.nrn}/preferences`);
  console.log(`the citizen wants letters: ${preferences.correspondence}`);
  const dossier = await call('PUT', `/dossiers/${reference}`, {
    citizen,
    caseType: 'green-roof-premium',
    status: 'received',
    title: { nl: 'Premie groendak', fr: 'Prime toiture verte', en: 'Green roof premium', de: 'Gründachprämie' },
  });
  console.log(`dossier ${reference}: ${dossier.status} (${dossier.id})`);
  for (const status of ['in_progress', 'approved']) {
    const event = await call('POST', `/dossiers/${reference}/events`, {
      status,
      note: { nl: `Status: ${status}`, en: `Status: ${status}` },
    });
    console.log(`dossier ${reference}: ${event.status}`);
  }
  const message = await call('POST', '/messages', {
    citizen,
    title: { nl: 'Uw aanvraag is goedgekeurd', en: 'Your application was approved' },
    body: { nl: 'De premie wordt binnen 30 dagen uitbetaald.', en: 'The premium is paid within 30 days.' },
    link: { label: { nl: 'Meer over de premie', en: 'About the premium' }, href: 'https://www.vlaanderen.be/' },
  });
  console.log(`message ${message.id}`);
  const certificate = pdf('Attest premie groendak');
  const document = await call(
    'POST',
    '/documents',
    withPdf(
      { citizen, title: { nl: 'Attest premie groendak', en: 'Green roof premium certificate' }, kind: 'attest' },
      certificate,
      'attest.pdf',
    ),
  );
  const expected = createHash('sha256').update(certificate).digest('hex');
  if (document.sha256 !== expected) throw new Error('the document was not stored byte for byte');
  console.log(`document ${document.id} (sha256 ${document.sha256})`);
  const letterPdf = pdf('Beslissing premie groendak');
  const letter = await call(
    'POST',
    '/letters',
    withPdf(
      { citizen, title: { nl: 'Beslissing premie groendak', en: 'Decision on the green roof premium' } },
      letterPdf,
      'beslissing.pdf',
    ),
  );
  console.log(`registered letter ${letter.id}: ${letter.status}`);
  console.log(`LETTER_PAGE ${config.url}/berichten/${letter.id}`);

  const deadline = Date.now() + config.waitSeconds * 1000;
  let state = await call('GET', `/letters/${letter.id}`);
  while (state.status === 'sent' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, config.pollMs));
    state = await call('GET', `/letters/${letter.id}`);
  }
  if (state.status === 'unclaimed') {
    console.log('the letter was not claimed in time: send it on paper');
    return 3;
  }
  if (state.status !== 'acknowledged') {
    console.error(
      `no receipt after ${config.waitSeconds} s: sign in as the citizen (anna / demo), open ${config.url}/berichten/${letter.id} and press "Ontvangst bevestigen"; then run again or raise LOKET_WAIT_SECONDS.`,
    );
    return 2;
  }
  const jwks = createRemoteJWKSet(new URL(`${config.url}/jwks`));
  const { payload, protectedHeader } = await compactVerify(state.receipt, jwks);
  const receipt = JSON.parse(new TextDecoder().decode(payload));
  const pdfHash = createHash('sha256').update(letterPdf).digest('hex');
  if (protectedHeader.typ !== 'loket-receipt+jwt' || receipt.letter !== letter.id || receipt.sha256 !== pdfHash) {
    throw new Error('the receipt does not match the letter sent');
  }
  console.log(
    `RECEIPT_VERIFIED letter ${receipt.letter} acknowledged at ${state.acknowledgedAt} by ${receipt.sub} (signed by key ${protectedHeader.kid})`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error.message);
    process.exit(1);
  },
);
