import * as alertModule from '../alert.js';
import { LoketAlert } from '../components/alert/loket-alert.js';
import { LoketHeader } from '../components/header/loket-header.js';
import { setAlertLoader } from './alert-loader.js';
import { defineAll } from './define-all.js';

/**
 * Registers the elements every page needs: `<loket-header>` and `<loket-alert>`. (The drop-in registers only
 * the header and loads the alert when there is one to show.)
 */
export function defineElements(registry: CustomElementRegistry = customElements): void {
  defineAll({ 'loket-header': LoketHeader, 'loket-alert': LoketAlert }, registry);
  // The header asks its alert module for the texts of its sign-in and session messages: here it is bundled.
  setAlertLoader(() => Promise.resolve(alertModule));
}
