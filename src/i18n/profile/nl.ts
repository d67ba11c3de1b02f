/** Dutch texts of the profile menu (loaded with the signed-in module); the other languages follow this table. */
export const nl = {
  unread: (count: string) => `${count} ongelezen`,
  unreadItem: 'ongelezen',
  latest: 'Recent',
  nothingNew: 'Niets nieuws.',
  myLinks: 'Mijn loket',
  itemKind: { message: 'Bericht', registered: 'Aangetekende zending', dossier: 'Dossier', document: 'Document' },
  loading: 'Bezig met laden…',
  summaryUnavailable: 'Je berichten kunnen nu niet geladen worden. We proberen het zo opnieuw.',
  onBehalfOf: (name: string) => `namens ${name}`,
  switchIdentity: 'Wisselen van identiteit',
  myself: (name: string) => `${name} (mezelf)`,
  partyKind: { person: 'Persoon', company: 'Onderneming', association: 'Vereniging', organisation: 'Organisatie' },
  /** The reference backend's pages, linked when the config gives no `links.application`. */
  defaultLinks: { messages: 'Mijn berichten', dossiers: 'Mijn dossiers', documents: 'Mijn documenten', data: 'Mijn gegevens' },
};

export type ProfileMessages = typeof nl;
