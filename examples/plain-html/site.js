// What both pages of the plain site share: the list of what the page heard and the site's own sign-in.

/** Who the site's own sign-in signs in (a real site asks its server). */
export const DEMO_CITIZEN = { id: 'demo-anna', givenName: 'Anna', familyName: 'Peeters' };

/** Adds a line to the page's list of what it heard from the header. */
export function hear(line) {
  const item = document.createElement('li');
  item.textContent = line;
  document.querySelector('#heard').append(item);
}

/**
 * The site's own sign-in, in a dialog (a real site would ask its server, or its own identity provider).
 * Resolves with the citizen, or null when they cancelled.
 */
export function askToSignIn() {
  const dialog = document.querySelector('#sign-in');
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'sign-in' ? DEMO_CITIZEN : null), {
      once: true,
    });
  });
}

/** The alert the page shows while the checkbox is ticked. */
export const ROADWORKS_ALERT = {
  variant: 'warning',
  dismissible: false,
  message: 'Wegenwerken in de Dorpsstraat: het gemeentehuis is bereikbaar via de Molenweg.',
};
