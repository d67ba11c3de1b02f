/**
 * The client's types against the OpenAPI contract, checked by the type checker (`npm run typecheck`):
 * what the API sends must fit what the client reads, and the client reads no field the API does not have.
 */
import type { components } from './profile-api.generated.js';
import type { ItemKind, ProfileItem, ProfileSummary, ProfileUser, UnreadCounts } from './profile.js';

type Schemas = components['schemas'];

/** `Api` values are accepted where the client expects `Client`, and `Client` names no field `Api` lacks. */
type Fits<Api, Client> = [Api] extends [Client]
  ? [Exclude<keyof Client, keyof Api>] extends [never]
    ? true
    : false
  : false;
type Assert<T extends true> = T;

export type ProfileContract = [
  Assert<Fits<Schemas['Me'], ProfileUser>>,
  Assert<Fits<Schemas['UnreadCounts'], UnreadCounts>>,
  Assert<Fits<Schemas['Item'], ProfileItem>>,
  Assert<Fits<Schemas['Item']['kind'], ItemKind>>,
  Assert<Fits<Schemas['Summary'], ProfileSummary>>,
];
