import type { ReactiveControllerHost } from 'lit';
import { isServer } from 'lit-html/is-server.js';
import type { PartialLoketConfig } from '../config/types.js';
import type { LoketErrorCode } from '../events/events.js';
import { loadAlert, type AlertModule } from '../internal/alert-loader.js';
import { loadHelp } from '../internal/help-loader.js';
import type { RevealController } from './reveal-controller.js';

/**
 * The header's modules that load on demand beside the drop-in: the help menu (when the config has help options;
 * the bar waits for its button, at most three seconds) and the alert (the first time a message may need it).
 * A failure is reported and the header goes on without it.
 */
export class LazyModulesController {
  /** `<loket-alert>` is defined: alerts render from then on (a server renders them with the rest). */
  alertLoaded = isServer;
  /** The alert module once loaded: it has the texts of the header's sign-in and session messages. */
  alertModule?: AlertModule;
  #alertRequested = false;
  /** The help module's loading: true once loaded, false when it failed; undefined when not asked for. */
  helpLoad?: Promise<boolean>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly reveal: RevealController,
    private readonly onError: (code: LoketErrorCode, message: string) => void,
  ) {}

  /** Loads the help menu's module for `config` when it has help options (`prerendered`: already on screen). */
  loadHelp(config: PartialLoketConfig, prerendered: boolean): void {
    if (!config.help?.options?.length || this.helpLoad) return;
    if (!prerendered) this.reveal.hold('help');
    this.helpLoad = loadHelp().then(
      () => (this.reveal.release('help'), true),
      (error: Error) => {
        this.reveal.release('help');
        this.helpLoad = undefined; // a later config may try again
        this.onError('help-unavailable', `help menu not loaded: ${error.message}`);
        return false;
      },
    );
  }

  /** Loads `<loket-alert>` once; the alerts render when it is defined. */
  loadAlert(): void {
    if (this.#alertRequested) return;
    this.#alertRequested = true;
    // Also where the element is defined already (the ESM package's defineElements, which points the loader at
    // the module it bundles): the module has the texts of the header's messages.
    void loadAlert().then(
      (module) => {
        this.alertModule = module;
        this.alertLoaded = true;
        this.host.requestUpdate();
      },
      (error: Error) => this.onError('alert-unavailable', `alert not loaded: ${error.message}`),
    );
  }
}
