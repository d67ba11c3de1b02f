/**
 * Registers elements by name. A name already taken by another copy of Loket on the page (the script loaded
 * twice, two versions) warns and keeps the first registration, never throws.
 */
export function defineAll(
  elements: Record<string, CustomElementConstructor>,
  registry: CustomElementRegistry = customElements,
) {
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
