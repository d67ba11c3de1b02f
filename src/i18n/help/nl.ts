/** Dutch texts of the help menu (loaded with the help module); the other languages follow this table. */
export const nl = {
  /** The button's label when the config gives no `help.label`. */
  label: 'Hulp nodig?',
  /** A day without opening hours. */
  closed: 'Gesloten',
  /** Marks today's row in the opening hours. */
  today: 'vandaag',
  /** Names the opening hours under a phone line or an address. */
  openingHours: 'Openingsuren',
  /** One opening period, e.g. "09:00 tot 12:30"; the times come formatted for the language. */
  slot: (from: string, to: string) => `${from} tot ${to}`,
};

export type HelpMessages = typeof nl;
