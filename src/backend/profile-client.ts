import type { ProfileSummary } from '../model/profile.js';
import { MalformedResponseError, parseSummary } from './parse.js';

export type ProfileErrorKind = 'timeout' | 'network' | 'server' | 'unauthorized' | 'malformed';

/** A failed profile API request, by kind, so the caller can decide to retry (all but unauthorized). */
export class ProfileApiError extends Error {
  constructor(
    readonly kind: ProfileErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProfileApiError';
  }
}

export interface ProfileClientOptions {
  baseUrl: string;
  /** Adds credentials (a DPoP-bound token and its proof for this URL and method, a bearer token, or cookies). */
  authorize: (url: string, init: RequestInit) => Promise<RequestInit>;
  /** Called once after a 401; resolves false when the session is over. */
  renew: () => Promise<boolean>;
  timeoutMs?: number;
  maxBytes?: number;
}

/** Reads a body, refusing it past `maxBytes` without reading the rest. */
async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new ProfileApiError('malformed', `response of ${declared} bytes is over the ${maxBytes} byte limit`);
  }
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ProfileApiError('malformed', `response is over the ${maxBytes} byte limit`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** The profile API of DESIGN section 7: timeouts, abort, one renew on 401, size and shape checks. */
export class ProfileClient {
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(private readonly options: ProfileClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 8000;
    this.maxBytes = options.maxBytes ?? 256 * 1024;
  }

  getSummary(signal?: AbortSignal): Promise<ProfileSummary> {
    return this.getJson('me/summary', parseSummary, signal);
  }

  private url(path: string) {
    const base = this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`;
    return new URL(path, new URL(base, document.baseURI)).href;
  }

  private async getJson<T>(
    path: string,
    parse: (value: unknown) => T,
    signal?: AbortSignal,
    renewed = false,
  ): Promise<T> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    try {
      const url = this.url(path);
      const init = await this.options.authorize(url, { signal: combined, headers: { accept: 'application/json' } });
      response = await fetch(url, init);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) throw new ProfileApiError('timeout', `no answer within ${this.timeoutMs / 1000} s`);
      if (error instanceof Error && error.message === 'not signed in')
        throw new ProfileApiError('unauthorized', 'not signed in');
      throw new ProfileApiError('network', 'the profile API cannot be reached');
    }
    if (response.status === 401) {
      await response.body?.cancel();
      if (!renewed && (await this.options.renew())) return this.getJson(path, parse, signal, true);
      throw new ProfileApiError('unauthorized', 'the session is no longer valid', 401);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new ProfileApiError('server', `the profile API answered HTTP ${response.status}`, response.status);
    }
    const text = await readLimited(response, this.maxBytes);
    try {
      return parse(JSON.parse(text));
    } catch (error) {
      throw new ProfileApiError(
        'malformed',
        error instanceof MalformedResponseError ? error.message : 'the answer is not JSON',
      );
    }
  }
}
