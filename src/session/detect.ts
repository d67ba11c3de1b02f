import type { ProfileUser } from '../model/profile.js';
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
  { kind: 'callback' } | { kind: 'stored' } | { kind: 'other-tab'; user: string; generation: number };

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

function isUser(value: unknown): value is ProfileUser {
  const user = value as ProfileUser;
  return (
    typeof user === 'object' &&
    user !== null &&
    typeof user.id === 'string' &&
    typeof user.givenName === 'string' &&
    typeof user.familyName === 'string'
  );
}

/**
 * Host mode: asks the site's session URL (with the site's cookies) who is signed in. Resolves the user, or
 * null for nobody (401/403, or no user in the answer); rejects when the URL cannot be read.
 */
export async function fetchHostUser(sessionUrl: string): Promise<ProfileUser | null> {
  const response = await fetch(sessionUrl, {
    credentials: 'include',
    signal: AbortSignal.timeout(8000),
    headers: { accept: 'application/json' },
  });
  if (response.status === 401 || response.status === 403) return null;
  if (!response.ok) throw new Error(`the session URL answered HTTP ${response.status}`);
  const body = (await response.json()) as { user?: unknown };
  // As sent: the signed-in module keeps only the fields the header shows, checked (HostSession.set).
  return isUser(body?.user) ? body.user : null;
}
