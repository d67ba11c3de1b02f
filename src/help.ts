/**
 * The help menu ("Hulp nodig?"), loaded only on pages whose config has `help` options: the drop-in loads it
 * as `loket-help.js` next to itself; the ESM build imports it on demand.
 */
import { LoketHelpMenu } from './components/help-menu/loket-help-menu.js';
import { defineAll } from './internal/define-all.js';

export function defineHelpElements(registry: CustomElementRegistry = customElements): void {
  defineAll({ 'loket-help-menu': LoketHelpMenu }, registry);
}
