// RFC 9457 problem details: the one shape of every error of the profile API and the host-mode endpoints.

export const PROBLEM_BASE = 'urn:loket:problem:';
export const MAX_BODY_BYTES = 16 * 1024;

/** Problem types (`type` = PROBLEM_BASE + slug) and titles by status. */
export const PROBLEMS: Record<number, { slug: string; title: string }> = Object.freeze({
  400: { slug: 'bad-request', title: 'Bad request' },
  401: { slug: 'unauthorized', title: 'Unauthorized' },
  403: { slug: 'forbidden', title: 'Forbidden' },
  404: { slug: 'not-found', title: 'Not found' },
  405: { slug: 'method-not-allowed', title: 'Method not allowed' },
  413: { slug: 'payload-too-large', title: 'Payload too large' },
  415: { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  422: { slug: 'validation-failed', title: 'Validation failed' },
  429: { slug: 'too-many-requests', title: 'Too many requests' },
  500: { slug: 'internal-error', title: 'Internal server error' },
});

export interface FieldError {
  pointer: string;
  detail: string;
}

/** An error that becomes a problem+json answer (or an HTML error page on page routes). */
export class HttpError extends Error {
  readonly status: number;
  readonly detail: string;
  headers: Record<string, string>;
  readonly extra: { errors?: FieldError[] } & Record<string, unknown>;
  readonly slug: string | undefined;
  readonly title: string | undefined;

  constructor(
    status: number,
    detail: string,
    options: {
      headers?: Record<string, string>;
      extra?: { errors?: FieldError[] } & Record<string, unknown>;
      slug?: string;
      title?: string;
    } = {},
  ) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
    this.slug = options.slug;
    this.title = options.title;
  }
}

export function problemBody(
  status: number,
  detail: string,
  { slug, title, extra }: { slug?: string | undefined; title?: string | undefined; extra?: object } = {},
) {
  const known = PROBLEMS[status] ?? PROBLEMS[500]!;
  return { type: `${PROBLEM_BASE}${slug ?? known.slug}`, title: title ?? known.title, status, detail, ...extra };
}

/** 401 with the challenge the profile API's clients read. */
export function unauthorized(description: string): HttpError {
  const safe = description.replace(/["\\]/g, '');
  return new HttpError(401, description, {
    headers: { 'www-authenticate': `Bearer realm="loket", error="invalid_token", error_description="${safe}"` },
  });
}

/**
 * 401 with a DPoP challenge (RFC 9449 section 7.1): `invalid_dpop_proof` when the proof failed, `invalid_token`
 * when the token did (or a DPoP-bound token came as a bearer token); `algs`: the proof algorithms accepted.
 */
export function dpopUnauthorized(
  error: 'invalid_dpop_proof' | 'invalid_token',
  description: string,
  algs: readonly string[],
): HttpError {
  const safe = description.replace(/["\\]/g, '');
  return new HttpError(401, description, {
    headers: { 'www-authenticate': `DPoP algs="${algs.join(' ')}", error="${error}", error_description="${safe}"` },
  });
}
