import type { SessionState } from '../session/types.js';

/**
 * What the citizen can do with a published session state, kept beside the state rather than in it: the state
 * is compared as JSON and handed to sites as a structured clone (`getSession()`), where a function would not
 * survive. The runtime registers each state it publishes; the profile menu, which receives the same object
 * from the header, looks the action up. The header passes the object through without knowing, which costs the
 * drop-in nothing.
 */
const extenders = new WeakMap<SessionState, () => Promise<boolean>>();

/** Registers how to extend the session `state` describes; returns `state`. */
export function registerExtend(state: SessionState, extend: () => Promise<boolean>): SessionState {
  extenders.set(state, extend);
  return state;
}

/** Extends the session `state` describes; resolves false when it cannot be extended (nothing registered). */
export function extendSession(state: SessionState): Promise<boolean> {
  return extenders.get(state)?.() ?? Promise.resolve(false);
}
