/** A rejected promise for a bad argument: `call` is the method as the page wrote it (`loket.mount`). */
export function rejectArgument(call: string, argument: string, expected: string): Promise<never> {
  return Promise.reject(new TypeError(`${call}: "${argument}" must be ${expected}`));
}
