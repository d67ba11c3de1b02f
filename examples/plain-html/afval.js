// The waste page uses the ESM build, as an app with a bundler does: the config is an object property, the
// events are heard on the element, and the theme is a URL (the bundler copies the file into the assets).

import 'loket-header/define';
import kasteelbergTheme from 'loket-header/themes/kasteelberg.css?url';
import { ROADWORKS_ALERT, askToSignIn, hear } from './site.js';

const header = document.querySelector('loket-header');

const baseConfig = {
  municipality: { id: 'kasteelberg', name: 'Gemeente Kasteelberg', href: '/' },
  theme: kasteelbergTheme,
  auth: { mode: 'host', loginUrl: '/aanmelden?terug={returnUrl}', logoutUrl: '/afmelden?terug={returnUrl}' },
  links: {
    main: [
      { label: 'Home', href: '/' },
      { label: 'Afval', href: '/afval.html' },
    ],
  },
};
header.config = baseConfig;

header.addEventListener('loket-ready', () => hear('loket-ready'));
header.addEventListener('loket-error', (event) => hear(`loket-error: ${event.code}`));
header.addEventListener('loket-session-change', (event) =>
  hear(`loket-session-change: ${event.status}${event.user ? ` (${event.user.givenName})` : ''}`),
);
header.addEventListener('loket-sign-in-request', async (event) => {
  event.preventDefault();
  hear('loket-sign-in-request (taken over)');
  const user = await askToSignIn();
  if (user) header.setSessionUser(user);
});
header.addEventListener('loket-sign-out-request', (event) => {
  event.preventDefault();
  hear('loket-sign-out-request (taken over)');
  header.setSessionUser(null);
});

// A new config object: the header validates and renders it again.
document.querySelector('#alert-toggle').addEventListener('change', (event) => {
  header.config = event.target.checked ? { ...baseConfig, alert: ROADWORKS_ALERT } : baseConfig;
});

// The container request is a focused form: the page takes the header out while the citizen fills it in, and
// puts the same element back afterwards.
const start = document.querySelector('#start-request');
const form = document.querySelector('#request');
start.addEventListener('click', () => {
  header.remove();
  form.hidden = false;
  start.hidden = true;
  form.querySelector('input').focus();
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  form.hidden = true;
  start.hidden = false;
  document.body.prepend(header);
  start.focus();
});
