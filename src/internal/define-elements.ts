import { LoketAlert } from '../components/alert/loket-alert.js';
import { LoketHeader } from '../components/header/loket-header.js';

const elements = {
  'loket-header': LoketHeader,
  'loket-alert': LoketAlert,
} as const;

/**
 * Registers every Loket element. A second copy of Loket on the page (the script loaded twice, two versions)
 * warns and leaves the first registration in place, never throws.
 */
export function defineElements(registry: CustomElementRegistry = customElements): void {
  for (const [name, constructor] of Object.entries(elements)) {
    const existing = registry.get(name);
    if (existing === constructor) continue;
    if (existing) {
      console.warn(`loket: <${name}> is already defined by another copy of Loket on this page; this copy is not used.`);
      continue;
    }
    registry.define(name, constructor);
  }
}
