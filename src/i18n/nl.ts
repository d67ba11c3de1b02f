/** Dutch, the default language. The other languages are typed against this table. */
export const nl = {
  signIn: 'Aanmelden',
  signOut: 'Afmelden',
  menu: 'Menu',
  mainNavigation: 'Hoofdnavigatie',
  homeLink: (name: string) => `${name}, naar de startpagina`,
  externalLink: 'opent een externe website',
  newWindow: 'opent in een nieuw venster',
  closeAlert: 'Melding sluiten',
  alertVariant: { info: 'Informatie', success: 'Gelukt', warning: 'Waarschuwing', error: 'Fout' },
  signInUnavailable: 'Aanmelden lukt nu niet. Probeer het later opnieuw.',
  sessionEnded: 'Je bent afgemeld.',
  signOutIncomplete:
    'Je bent afgemeld op deze site, maar de aanmeldserver was niet bereikbaar. Sluit je browser als anderen deze computer gebruiken.',
};

export type Messages = typeof nl;
