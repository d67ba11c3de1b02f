// The profile service's public surface, for scripts and tests:
//
//   import { startService, DEMO_USERS, CLIENT_ID, SCOPE, RESOURCE } from 'loket-server';

import { readFileSync } from 'node:fs';
import { DEMO_DATA_FILE, type DemoDataFile } from './demo/demo-data.js';

export { startService, startBackend, type Service } from './app.js';
export { optionsFromEnv, ConfigError, type ServiceOptions } from './config.js';
export { CLIENT_ID, SCOPE, SESSION_EXPIRES_CLAIM } from './auth/provider.js';
export { RESOURCE, API_SCOPE, ACTING_FOR_CLAIM } from './auth/tokens.js';
export { HOST_COOKIE } from './auth/host-sessions.js';
export {
  loadMunicipalities,
  RegistryError,
  type Municipality,
  type MunicipalityRegistry,
} from './municipalities/registry.js';
export { MUNICIPALITY_COOKIE } from './http/municipality.js';
export type * from './store/store.js';

// The demo citizens, as the demo data file names them (read once: they are constants of the repository).
const demo = JSON.parse(readFileSync(DEMO_DATA_FILE, 'utf8')) as DemoDataFile;
/** The password of every demo citizen. */
export const DEMO_PASSWORD: string = demo.password;
/** `{ id, username, givenName, familyName, language }`: anna, bart, chloe, jan. */
export const DEMO_USERS: readonly DemoDataFile['users'][number][] = Object.freeze(
  demo.users.map((u) => Object.freeze({ ...u })),
);
/** Whom demo citizens may act for: `{ id, loginHint, username, kind, name, identifier? }`. */
export const DEMO_PARTIES: readonly DemoDataFile['parties'][number][] = Object.freeze(
  demo.parties.map((p) => Object.freeze({ ...p })),
);
