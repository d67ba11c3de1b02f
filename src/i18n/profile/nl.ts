/** Dutch texts of the profile menu (loaded with the signed-in module); the other languages follow this table. */
export const nl = {
  unread: (count: string) => `${count} ongelezen`,
  unreadItem: 'ongelezen',
  latest: 'Recent',
  nothingNew: 'Niets nieuws.',
  myLinks: 'Mijn loket',
  itemKind: { message: 'Bericht', registered: 'Aangetekende zending', dossier: 'Dossier', document: 'Document' },
  loading: 'Bezig met laden…',
  signOut: 'Afmelden',
  summaryUnavailable: 'Je berichten kunnen nu niet geladen worden. We proberen het zo opnieuw.',
  onBehalfOf: (name: string) => `namens ${name}`,
  switchIdentity: 'Wisselen van identiteit',
  myself: (name: string) => `${name} (mezelf)`,
  partyKind: { person: 'Persoon', company: 'Onderneming', association: 'Vereniging', organisation: 'Organisatie' },
  /** The reference backend's pages, linked when the config gives no `links.application`. */
  defaultLinks: {
    messages: 'Mijn berichten',
    dossiers: 'Mijn dossiers',
    documents: 'Mijn documenten',
    data: 'Mijn gegevens',
  },
  /** The session-timing dialog (`<loket-session-warning>`). */
  sessionWarning: {
    title: 'Je sessie verloopt bijna',
    why: 'Om je gegevens te beschermen word je automatisch afgemeld.',
    left: (amount: string) => `Je hebt nog ${amount}.`,
    minutes: (count: number) => (count === 1 ? '1 minuut' : `${count} minuten`),
    seconds: (count: number) => `${count} seconden`,
    extend: 'Aangemeld blijven',
    extending: 'Bezig met verlengen…',
    failed: 'Je sessie kon niet verlengd worden. Probeer het opnieuw, of meld je af en opnieuw aan.',
  },
};

export type ProfileMessages = typeof nl;
