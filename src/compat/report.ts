import { rejectArgument } from '../api/arguments.js';

/**
 * "Loket has no equivalent for this": said once per reason on the console (a site calls these methods on
 * every page view; one line is enough to learn why a call resolved false).
 */
export class OnceReporter {
  readonly #said = new Set<string>();

  /** Logs `why` the first time and returns false, the answer of an unsupported call. */
  unsupported(method: string, why: string): false {
    this.note(method, why);
    return false;
  }

  /** Logs a remark about how a call was mapped, once. */
  note(method: string, why: string) {
    const line = `globalHeaderClient.${method}: ${why}`;
    if (this.#said.has(line)) return;
    this.#said.add(line);
    console.warn(`loket: ${line}`);
  }
}

/** A rejected promise for a bad argument, naming the method, the argument and the expected form. */
export function badArgument(method: string, argument: string, expected: string): Promise<never> {
  return rejectArgument(`globalHeaderClient.${method}`, argument, expected);
}
