// The header's config as an object. The theme is a URL: the bundler copies the theme file into the app's
// assets (a bundled theme id would be looked up next to dist/esm, which a bundler does not copy).

import havenstadTheme from 'loket-header/themes/havenstad.css?url';

/** @param {{ showAlert: boolean }} state */
export function loketConfig({ showAlert }) {
  return {
    municipality: {
      id: 'havenstad',
      name: { nl: 'Stad Havenstad', fr: 'Ville de Havenstad', en: 'City of Havenstad', de: 'Stadt Havenstad' },
      href: '/',
    },
    theme: havenstadTheme,
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
        variant: 'info',
        dismissible: true,
        message: {
          nl: 'Tijdens de stadsfeesten (12–14 juli) is het stadhuis gesloten.',
          fr: 'Pendant les fêtes de la ville (12–14 juillet), l’hôtel de ville est fermé.',
          en: 'During the city festival (12–14 July) the town hall is closed.',
          de: 'Während des Stadtfests (12.–14. Juli) ist das Rathaus geschlossen.',
        },
      },
    }),
  };
}
