export type ConfigLoadErrorCode = 'config-unreachable' | 'config-not-json';

export class ConfigLoadError extends Error {
  constructor(
    readonly code: ConfigLoadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigLoadError';
  }
}

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 256 * 1024;

/**
 * Fetches a JSON config. Rejects with a ConfigLoadError that says what went wrong and where; an abort
 * through `signal` rejects with the signal's reason.
 */
export async function loadConfig(url: string, signal?: AbortSignal): Promise<unknown> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, {
      signal: combined,
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const why = timeout.aborted ? `no answer within ${TIMEOUT_MS / 1000} s` : 'network error';
    throw new ConfigLoadError('config-unreachable', `config "${url}" could not be loaded (${why})`);
  }
  if (!response.ok) {
    throw new ConfigLoadError('config-unreachable', `config "${url}" could not be loaded (HTTP ${response.status})`);
  }
  const text = await response.text();
  if (text.length > MAX_BYTES) {
    throw new ConfigLoadError('config-not-json', `config "${url}" is larger than ${MAX_BYTES / 1024} KB`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
    throw new ConfigLoadError('config-not-json', `config "${url}" is not valid JSON${detail}`);
  }
}

/** The JSON of an inline config script, or the error that names it (`what`: "inline config", ...). */
function parseScript(script: Element, what: string): { found: true; value?: unknown; error?: ConfigLoadError } {
  try {
    return { found: true, value: JSON.parse(script.textContent ?? '') };
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
    return { found: true, error: new ConfigLoadError('config-not-json', `${what} is not valid JSON${detail}`) };
  }
}

/** Reads `<script type="application/json">` inside `element` (inline config; allowed under a strict CSP). */
export function readInlineConfig(element: Element): { found: boolean; value?: unknown; error?: ConfigLoadError } {
  const script = element.querySelector(':scope > script[type="application/json"]');
  return script ? parseScript(script, 'inline config') : { found: false };
}

/**
 * A config "URL" that is a fragment, `#id`, names the page's own `<script type="application/json" id="id">`: read
 * at once, so a header at the spot renders before the parser goes on (no request, no wait for a response).
 */
export function readConfigInPage(ref: string): { value?: unknown; error?: ConfigLoadError } {
  const script = document.getElementById(ref.slice(1));
  return script?.matches('script[type="application/json"]')
    ? parseScript(script, `config "${ref}"`)
    : {
        error: new ConfigLoadError(
          'config-unreachable',
          `config "${ref}": no <script type="application/json" id="${ref.slice(1)}"> before the header`,
        ),
      };
}
