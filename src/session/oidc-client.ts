/**
 * oidc-client-ts's UserManager, set up for the header's oidc mode. A module of its own (`loket-oidc.js` beside
 * the drop-in) because it is most of the signed-in code and only the talks with the provider need it: sign-in
 * and its callback, renewal, a silent sign-in, sign-out. A page view with a valid access token never loads it
 * (see stored-user.ts and dpop-proof.ts).
 */
import { IndexedDbDPoPStore, UserManager, WebStorageStateStore } from 'oidc-client-ts';

export interface UserManagerOptions {
  authority: string;
  clientId: string;
  scope: string;
  /** Where the provider sends the citizen back after sign-in and sign-out. */
  callbackUrl: string;
  /** Where `auth.silentSignIn`'s answer arrives (the silent callback page). */
  silentCallbackUrl: string;
  locale?: string;
  requestTimeoutSeconds: number;
}

export function createUserManager(options: UserManagerOptions): UserManager {
  return new UserManager({
    authority: options.authority,
    client_id: options.clientId,
    redirect_uri: options.callbackUrl,
    // used by a silent sign-in only; renewals use the refresh token, never the iframe
    silent_redirect_uri: options.silentCallbackUrl,
    post_logout_redirect_uri: options.callbackUrl,
    response_type: 'code',
    response_mode: 'query',
    scope: options.scope,
    ui_locales: options.locale,
    // the key is oidc.user:<authority>:<client id>: stored-user.ts reads and writes the same entry
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
    // oidc-provider revokes refresh tokens only, and answers a revoke with an empty text/plain body.
    revokeTokenTypes: ['refresh_token'],
    revokeTokenAdditionalContentTypes: ['text/plain'],
    // A provider that accepts the connection but never answers must not hang sign-in or a renewal (which
    // would hold the renewal lock of every tab).
    requestTimeoutInSeconds: options.requestTimeoutSeconds,
    silentRequestTimeoutInSeconds: options.requestTimeoutSeconds,
    // DPoP: a non-extractable P-256 key in IndexedDB, made at the first sign-in; the code is bound to it too
    // (dpop_jkt), so a code caught on its way back is of no use without the key
    dpop: { store: new IndexedDbDPoPStore(), bind_authorization_code: true },
  });
}
