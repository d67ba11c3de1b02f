// The reference backend's public surface, for scripts and tests:
//
//   import { startBackend, DEMO_USERS, CLIENT_ID, SCOPE, RESOURCE } from './demo/backend/index.mjs';

export { startBackend } from './server.mjs';
export { resetDemoData, DEMO_PARTIES, DEMO_USERS, DEMO_PASSWORD } from './seed.mjs';
export { CLIENT_ID, SCOPE, SESSION_EXPIRES_CLAIM } from './oidc.mjs';
export { RESOURCE, API_SCOPE, HOST_COOKIE } from './auth.mjs';
