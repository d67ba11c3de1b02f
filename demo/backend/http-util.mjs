// Small HTTP helpers for node:http: problem+json, JSON bodies with a size limit, cookies, HTML escaping.

export const MAX_BODY_BYTES = 16 * 1024;
export const PROBLEM_BASE = 'urn:loket:problem:';

/** Problem types used by the profile API (RFC 9457 `type` values). */
export const PROBLEMS = Object.freeze({
  400: { slug: 'bad-request', title: 'Bad request' },
  401: { slug: 'unauthorized', title: 'Unauthorized' },
  403: { slug: 'forbidden', title: 'Forbidden' },
  404: { slug: 'not-found', title: 'Not found' },
  405: { slug: 'method-not-allowed', title: 'Method not allowed' },
  413: { slug: 'payload-too-large', title: 'Payload too large' },
  415: { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  422: { slug: 'validation-failed', title: 'Validation failed' },
  500: { slug: 'internal-error', title: 'Internal server error' },
});

export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} detail
   * @param {{ headers?: Record<string, string>, extra?: object, slug?: string, title?: string }} [options]
   */
  constructor(status, detail, options = {}) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
    this.slug = options.slug;
    this.title = options.title;
  }
}

export function problemBody(status, detail, { slug, title, extra } = {}) {
  const known = PROBLEMS[status] ?? PROBLEMS[500];
  return {
    type: `${PROBLEM_BASE}${slug ?? known.slug}`,
    title: title ?? known.title,
    status,
    detail,
    ...extra,
  };
}

export function sendJson(req, res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** Sends a file to download (a document's PDF), never cached, never sniffed. */
export function sendDownload(req, res, bytes, { fileName, type = 'application/pdf', headers = {} }) {
  res.writeHead(200, {
    ...headers,
    'content-type': type,
    'content-length': bytes.length,
    'content-disposition': `attachment; filename="${fileName}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

export function sendProblem(req, res, error) {
  const status = error.status ?? 500;
  const body = problemBody(status, error.detail ?? 'An unexpected error occurred.', error);
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...error.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** Reads the request body as a Buffer, refusing more than `limit` bytes with 413. */
export function readBody(req, limit = MAX_BODY_BYTES) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new HttpError(413, `The request body is larger than ${limit} bytes.`));
      return;
    }
    const chunks = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(413, `The request body is larger than ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}

/** Reads a JSON object body: 415 for another media type, 413 when too large, 400 when not valid JSON. */
export async function readJson(req) {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    req.resume();
    throw new HttpError(415, 'Send the request body as application/json.');
  }
  const buffer = await readBody(req);
  let value;
  try {
    value = JSON.parse(buffer.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `The request body is not valid JSON: ${error.message}`, { slug: 'invalid-json', title: 'Invalid JSON' });
  }
  return value;
}

/** Reads an application/x-www-form-urlencoded body (login forms). */
export async function readForm(req) {
  const buffer = await readBody(req);
  return new URLSearchParams(buffer.toString('utf8'));
}

export function parseCookies(req) {
  const out = {};
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      out[name] = part.slice(index + 1).trim();
    }
  }
  return out;
}

export function serializeCookie(name, value, { maxAge, path = '/', httpOnly = true, sameSite = 'Lax', secure = false } = {}) {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${path}`, `SameSite=${sameSite}`];
  if (httpOnly) parts.push('HttpOnly');
  if (secure) parts.push('Secure');
  if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
  return parts.join('; ');
}

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Strict policy for the backend's own HTML: no inline script or style. */
export function contentSecurityPolicy(formTargets = []) {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self' ${formTargets.join(' ')}`.trim(),
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function clientIp(req) {
  return req.socket?.remoteAddress ?? null;
}
