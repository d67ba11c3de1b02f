/**
 * DPoP proofs (RFC 9449) for the profile API, made without loading oidc-client-ts: a page view whose access token
 * is still valid needs nothing else of it. The key pair is the one oidc-client-ts made at sign-in and keeps in
 * IndexedDB; the proof is the one its `UserManager.dpopProof` makes (ES256, the public key in the header, a new
 * `jti`, `ath` the token's hash).
 *
 * The signature is WebCrypto's (ECDSA P-256 with SHA-256, whose output is already the `r || s` form JWS wants);
 * this file only lays out the compact JWS around it, as oidc-client-ts's own JwtUtils does. jose would do the
 * same and add about 5 KB gzip to every signed-in page view.
 */

/** Where oidc-client-ts's IndexedDbDPoPStore keeps the key pairs: database "oidc", store "dpop", one per client id. */
const DPOP_DATABASE = 'oidc';
const DPOP_STORE = 'dpop';

/** The key pair oidc-client-ts stored for `clientId` (its DPoPState's `keys`), or undefined when there is none. */
async function storedDpopKeys(clientId: string): Promise<CryptoKeyPair | undefined> {
  const state = await inDpopStore<{ keys?: CryptoKeyPair }>('readonly', (store) => store.get(clientId));
  return state?.keys;
}

/**
 * Deletes the key pair of `clientId`, as oidc-client-ts does when it removes the user: a session that ended leaves
 * no key for the next sign-in on this computer (every token of that one would carry the same thumbprint).
 */
export async function removeStoredDpopKeys(clientId: string): Promise<void> {
  await inDpopStore('readwrite', (store) => store.delete(clientId));
}

/**
 * Runs one request on the key store and resolves with its result once its transaction is done; undefined when
 * the store does not exist. The database is closed again: a connection left open would block clearing it.
 */
function inDpopStore<T>(
  mode: IDBTransactionMode,
  request: (store: IDBObjectStore) => IDBRequest,
): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DPOP_DATABASE);
    // a new database (the storage was cleared): the layout oidc-client-ts makes, so its next sign-in finds it
    open.onupgradeneeded = () => open.result.createObjectStore(DPOP_STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const database = open.result;
      if (!database.objectStoreNames.contains(DPOP_STORE)) {
        database.close();
        return resolve(undefined);
      }
      const transaction = database.transaction(DPOP_STORE, mode);
      const pending = request(transaction.objectStore(DPOP_STORE));
      transaction.oncomplete = () => (database.close(), resolve(pending.result as T | undefined));
      transaction.onerror = transaction.onabort = () => (database.close(), reject(transaction.error));
    };
  });
}

export interface ProofRequest {
  /** The request's URL without query and fragment (`htu`). */
  url: string;
  /** The request's method, upper case (`htm`). */
  method: string;
  /** The DPoP-bound access token the request carries (its hash is `ath`). */
  accessToken: string;
}

/** A proof for one request, or undefined when this browser has no key for `clientId` (the storage was cleared). */
export async function createDpopProof(clientId: string, proofFor: ProofRequest): Promise<string | undefined> {
  const keys = await storedDpopKeys(clientId);
  if (!keys) return undefined;
  const { crv, kty, x, y } = await crypto.subtle.exportKey('jwk', keys.publicKey);
  const tokenHash = await crypto.subtle.digest('SHA-256', utf8(proofFor.accessToken));
  const header = { alg: 'ES256', typ: 'dpop+jwt', jwk: { crv, kty, x, y } };
  const claims = {
    jti: crypto.randomUUID(),
    htm: proofFor.method,
    htu: proofFor.url,
    iat: Math.floor(Date.now() / 1000),
    ath: base64Url(tokenHash),
  };
  const signingInput = `${base64Url(utf8(JSON.stringify(header)))}.${base64Url(utf8(JSON.stringify(claims)))}`;
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, utf8(signingInput));
  return `${signingInput}.${base64Url(signature)}`;
}

function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

/** Base64url without padding (RFC 7515 section 2). */
function base64Url(bytes: ArrayBuffer | Uint8Array): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
