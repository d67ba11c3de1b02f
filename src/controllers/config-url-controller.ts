import type { ReactiveControllerHost } from 'lit';
import { loadConfig } from '../config/load.js';

/**
 * Fetches the JSON config at a URL (the header's `config` attribute) outside the render path: one load per URL,
 * the previous one aborted; the host renders again when it settles. Renders on the server never call it.
 */
export class ConfigUrlController {
  status: 'idle' | 'pending' | 'complete' | 'error' = 'idle';
  value?: unknown;
  error?: unknown;
  /** Settles (never rejects) when the current load does. */
  done: Promise<void> = Promise.resolve();
  #url?: string;
  #abort?: AbortController;

  constructor(private readonly host: ReactiveControllerHost) {}

  /** Loads `url` unless it is the one loaded or loading; `undefined` forgets it. */
  load(url: string | undefined) {
    if (url === this.#url) return;
    this.#url = url;
    this.#abort?.abort();
    this.value = this.error = undefined;
    this.status = url ? 'pending' : 'idle';
    if (!url) return;
    const abort = (this.#abort = new AbortController());
    const settle = (status: 'complete' | 'error', value?: unknown, error?: unknown) => {
      if (abort.signal.aborted) return;
      Object.assign(this, { status, value, error });
      this.host.requestUpdate();
    };
    this.done = loadConfig(url, abort.signal).then(
      (value) => settle('complete', value),
      (error: unknown) => settle('error', undefined, error),
    );
  }
}
