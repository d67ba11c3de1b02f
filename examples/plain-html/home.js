// The home page uses the drop-in script and `window.loket`, which exists as soon as the script has run: it is a
// deferred script before this module, so it has. `loket.on` listens on the document.

import { ROADWORKS_ALERT, askToSignIn, hear } from './site.js';

const { loket } = window;

loket.on('ready', () => hear('loket-ready'));
loket.on('error', (event) => hear(`loket-error: ${event.code}`));
loket.on('session-change', (event) =>
  hear(`loket-session-change: ${event.status}${event.user ? ` (${event.user.givenName})` : ''}`),
);

// The site takes over sign-in: its own dialog instead of the header's full-page redirect to `auth.loginUrl`.
loket.on('sign-in-request', async (event) => {
  event.preventDefault();
  hear('loket-sign-in-request (taken over)');
  const user = await askToSignIn();
  if (user) await loket.setSession({ user });
});

loket.on('sign-out-request', async (event) => {
  event.preventDefault();
  hear('loket-sign-out-request (taken over)');
  await loket.setSession({ user: null });
});

document.querySelector('#alert-toggle').addEventListener('change', (event) => {
  void loket.setAlert(event.target.checked ? ROADWORKS_ALERT : null);
});
