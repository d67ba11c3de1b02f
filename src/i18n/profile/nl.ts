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
};

export type ProfileMessages = typeof nl;
