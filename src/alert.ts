/**
 * The alert bar (`<loket-alert>`), loaded when a header has a message to show (the config's site alert, or a
 * sign-in or session message): the drop-in loads it as `loket-alert.js` next to itself; the ESM build
 * registers it with the other elements.
 */
import { LoketAlert } from './components/alert/loket-alert.js';
import { defineAll } from './internal/define-all.js';

// The header's sign-in and session messages, which it shows in an alert once this module is there.
export { alertMessagesFor } from './i18n/alert/messages.js';

export function defineAlertElements(registry: CustomElementRegistry = customElements): void {
  defineAll({ 'loket-alert': LoketAlert }, registry);
}
