import { askOtherTabs, oidcUserKey, sessionChannelName } from './tab-channel.js';

/** Whether this URL is the answer to a sign-in this tab started (a stray `?code=` of the site is not). */
export function isOwnCallback(url: URL): boolean {
  const state = url.searchParams.get('state');
  if (!state || !(url.searchParams.has('code') || url.searchParams.has('error'))) return false;
  // oidc-client-ts sends "<id>;<url_state>" and stores the request under its id.
  const id = state.split(';', 1)[0];
  try {
    return sessionStorage.getItem(`oidc.${id}`) !== null;
  } catch {
    return false;
  }
}

export type OidcTrace =
  | { kind: 'callback' }
  | { kind: 'stored' }
  | { kind: 'other-tab'; user: string; generation: number };

/**
 * Cheap checks, without loading the sign-in code or asking the provider, for a session in oidc mode: a
 * sign-in callback in the URL, tokens in this tab's sessionStorage, or another tab that is signed in.
 */
export async function findOidcTrace(authority: string, clientId: string): Promise<OidcTrace | undefined> {
  if (isOwnCallback(new URL(location.href))) return { kind: 'callback' };
  try {
    if (sessionStorage.getItem(oidcUserKey(authority, clientId))) return { kind: 'stored' };
  } catch {
    /* storage blocked: no stored session */
  }
  const answer = await askOtherTabs(sessionChannelName(authority, clientId));
  return answer && { kind: 'other-tab', ...answer };
}
