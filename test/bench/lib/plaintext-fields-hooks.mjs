// Module hooks for the bench's "encryption off" server child only (registered by server-child.mjs when asked):
// every import of the service's envelope module, except the plaintext stand-in's own, gets the stand-in.

const ENVELOPE = '/server/dist/crypto/envelope.js';
const STAND_IN = new URL('./plaintext-envelope.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.endsWith(ENVELOPE) && context.parentURL !== STAND_IN) return { url: STAND_IN, shortCircuit: true };
  return resolved;
}
