/**
 * The header's own texts in Dutch, the default language; the other languages are typed against this table. The
 * alert's (alert/), the profile menu's (profile/) and the help menu's (help/) load with their modules.
 */
export const nl = {
  signIn: 'Aanmelden',
  menu: 'Menu',
  mainNavigation: 'Hoofdnavigatie',
  homeLink: (name: string) => `${name}, naar de startpagina`,
  externalLink: 'opent een externe website',
  newWindow: 'opent in een nieuw venster',
};

export type Messages = typeof nl;
