import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isServer } from 'lit-html/is-server.js';
import { formatIssues } from '../config/checker.js';
import { ConfigLoadError, loadConfig, readConfigInPage, readInlineConfig } from '../config/load.js';
import { mergeConfig } from '../config/merge.js';
import type { ConfigIssue, PartialLoketConfig } from '../config/types.js';
import { validateCoreConfig } from '../config/validate-core.js';
import type { LoketErrorCode } from '../events/events.js';

interface Host extends ReactiveControllerHost, HTMLElement {}

type ReportError = (code: LoketErrorCode, message: string, issues?: ConfigIssue[]) => void;

/**
 * The header's config from its three sources: the inline JSON (read when the host connects), the JSON at the
 * `config` URL (fetched outside the render path: one load per URL, the previous one aborted; never on the server;
 * a `#id` is read at once from the page's own JSON script of that id)
 * and the `config` object, merged in that order field by field
 * and checked (the drop-in's check, `validateCoreConfig`): one merge and one check per change of any source.
 * Each problem is reported once (a load failure; the left-out fields, each named with its expected form).
 */
export class ConfigController implements ReactiveController {
  /** Every valid field of every source, merged; undefined while loading or without any source. */
  config?: PartialLoketConfig;
  #sources: readonly unknown[] = [];
  #inline?: unknown;
  #reportedLoadError?: unknown;
  /** The config URL's load: the URL, its state and its JSON or error. */
  #url?: string;
  #status: 'idle' | 'pending' | 'complete' | 'error' = 'idle';
  #fetched?: unknown;
  #error?: unknown;
  #abort?: AbortController;
  /** Settles (never rejects) when the config URL's load does (at once without one). */
  loaded: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: Host,
    private readonly reportError: ReportError,
  ) {
    host.addController(this);
  }

  /** Loads `url` unless it is the one loaded or loading; `undefined` forgets it. */
  #load(url: string | undefined) {
    if (url === this.#url) return;
    this.#url = url;
    this.#abort?.abort();
    this.#fetched = this.#error = undefined;
    this.#status = url ? 'pending' : 'idle';
    if (!url) return;
    if (url[0] == '#') {
      const { value, error } = readConfigInPage(url);
      this.#status = error ? 'error' : 'complete';
      this.#fetched = value;
      this.#error = error;
      return;
    }
    const abort = (this.#abort = new AbortController());
    const settle = (status: 'complete' | 'error', value?: unknown, error?: unknown) => {
      if (abort.signal.aborted) return;
      this.#status = status;
      this.#fetched = value;
      this.#error = error;
      this.host.requestUpdate();
    };
    this.loaded = loadConfig(url, abort.signal).then(
      (value) => settle('complete', value),
      (error: unknown) => settle('error', undefined, error),
    );
  }

  hostConnected(): void {
    const inline = readInlineConfig(this.host);
    if (inline.error) this.reportError(inline.error.code, inline.error.message);
    this.#inline = inline.value;
  }

  /**
   * Brings the config up to date with the sources (`url`: the `config` attribute; `object`: the property).
   * Returns the previous config when it changed, `false` when it did not (or is still loading).
   */
  update(url: string | undefined, object: PartialLoketConfig | undefined): { previous?: PartialLoketConfig } | false {
    if (!isServer) this.#load(url);
    const status = this.#status;
    const error = this.#error;
    if (status === 'pending') return false;
    if (status === 'error' && this.#reportedLoadError !== error) {
      this.#reportedLoadError = error;
      if (error instanceof ConfigLoadError) this.reportError(error.code, error.message);
      else this.reportError('config-unreachable', `config "${url}" could not be loaded`);
    }
    const sources = [this.#inline, this.#fetched, object];
    if (sources.every((source, i) => source === this.#sources[i])) return false;
    this.#sources = sources;
    const previous = this.config;
    const present = sources.filter((source) => source !== undefined);
    if (present.length === 0) {
      this.config = undefined;
      return false;
    }
    const { config, issues } = validateCoreConfig(present.reduce((base, next) => mergeConfig(base, next), {}));
    this.config = config;
    // On the server renderHeader checks the config in full and reports itself.
    if (issues.length > 0 && !isServer) {
      this.reportError(
        'config-invalid',
        `config has ${issues.length} problem(s); those fields are left out:\n${formatIssues(issues)}`,
        issues,
      );
    }
    return { previous };
  }
}
