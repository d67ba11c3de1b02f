import { PARTY_KINDS, type Identity, type Party, type ProfileUser } from './profile.js';

const LOGIN_HINT = /^[A-Za-z0-9._:-]{1,128}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** A party from untrusted input (claims, a session URL); undefined when it is not one. Only known fields are kept. */
export function toParty(value: unknown): Party | undefined {
  if (!isObject(value) || !(PARTY_KINDS as readonly unknown[]).includes(value.kind)) return undefined;
  const name = text(value.name);
  if (!name) return undefined;
  const identifier = text(value.identifier);
  return { kind: value.kind as Party['kind'], name, ...(identifier && { identifier }) };
}

/**
 * Identities from untrusted input, `hint` and `party` naming the fields (`loginHint`/`onBehalfOf` in the API,
 * `login_hint`/`on_behalf_of` in claims). Entries that are not identities are left out; undefined when none is left.
 */
export function toIdentities(value: unknown, hint = 'loginHint', party = 'onBehalfOf'): Identity[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const identities: Identity[] = [];
  for (const entry of value) {
    if (!isObject(entry) || typeof entry[hint] !== 'string' || !LOGIN_HINT.test(entry[hint])) continue;
    const onBehalfOf = toParty(entry[party]);
    if (entry[party] !== undefined && !onBehalfOf) continue;
    identities.push({ loginHint: entry[hint], ...(onBehalfOf && { onBehalfOf }) });
  }
  return identities.length > 0 ? identities : undefined;
}

/**
 * A copy of a host-mode user with only the fields the header shows: id, names, and `onBehalfOf` and `identities`
 * when well-formed (left out otherwise). Nothing else the site sent is kept.
 */
export function pickHostUser(user: ProfileUser): ProfileUser {
  const party = toParty(user.onBehalfOf);
  const identities = toIdentities(user.identities);
  return {
    id: user.id,
    givenName: user.givenName,
    familyName: user.familyName,
    ...(party && { onBehalfOf: party }),
    ...(identities && { identities }),
  };
}

/** The same party (or both "for myself"): same kind, name and identifier. */
export function sameParty(a: Party | undefined, b: Party | undefined): boolean {
  return a === b || (!!a && !!b && a.kind === b.kind && a.name === b.name && a.identifier === b.identifier);
}

/** A short key for whom the citizen acts (empty for themselves), e.g. to keep cached data per identity. */
export function partyKey(party: Party | undefined): string {
  return party ? `${party.kind}:${party.identifier ?? party.name}` : '';
}
