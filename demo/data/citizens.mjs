// The demo citizens of citizens.json, for scripts and tests: who they are and whom they may act for. The
// service reads citizens.json itself (server/src/demo/); this module only names what is in it.

import { readFileSync } from 'node:fs';

const data = JSON.parse(readFileSync(new URL('./citizens.json', import.meta.url), 'utf8'));

/** The password of every demo citizen. */
export const DEMO_PASSWORD = data.password;

/** `{ id, username, givenName, familyName, language }`, in the file's order (anna, bart, chloe, jan). */
export const DEMO_USERS = Object.freeze(data.users.map((user) => Object.freeze({ ...user })));

/** Whom demo citizens may act for: `{ id, loginHint, username, kind, name, identifier? }`; the loginHint is the mandate's id. */
export const DEMO_PARTIES = Object.freeze(data.parties.map((party) => Object.freeze({ ...party })));
