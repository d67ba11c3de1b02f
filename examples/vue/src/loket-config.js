// The header's config as an object. The theme is a URL: the bundler copies the theme file into the app's
// assets (a bundled theme id would be looked up next to dist/esm, which a bundler does not copy).

import lindegemTheme from 'loket-header/themes/lindegem.css?url';

/** @param {{ showAlert: boolean }} state */
export function loketConfig({ showAlert }) {
  return {
    municipality: {
      id: 'lindegem',
      name: {
        nl: 'Gemeente Lindegem',
        fr: 'Commune de Lindegem',
        en: 'Municipality of Lindegem',
        de: 'Gemeinde Lindegem',
      },
      href: '/',
    },
    theme: lindegemTheme,
    umbrella: {
      label: { nl: 'Vlaanderen', fr: 'Flandre', en: 'Flanders', de: 'Flandern' },
      href: 'https://www.vlaanderen.be',
    },
    // The site's own server owns the session; the header's sign-in link goes here unless the app takes over.
    auth: { mode: 'host', loginUrl: '/aanmelden?terug={returnUrl}', logoutUrl: '/afmelden?terug={returnUrl}' },
    links: {
      main: [
        { label: { nl: 'Home', fr: 'Accueil', en: 'Home', de: 'Startseite' }, href: '/' },
        { label: { nl: 'Afval', fr: 'Déchets', en: 'Waste', de: 'Abfall' }, href: '/afval' },
      ],
    },
    ...(showAlert && {
      alert: {
        variant: 'warning',
        message: {
          nl: 'Het recyclagepark is zaterdag gesloten wegens een storing.',
          fr: 'Le parc à conteneurs est fermé samedi en raison d’une panne.',
          en: 'The recycling park is closed on Saturday because of a breakdown.',
          de: 'Der Recyclinghof ist am Samstag wegen einer Störung geschlossen.',
        },
      },
    }),
  };
}
