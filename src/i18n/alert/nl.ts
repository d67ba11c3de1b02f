/**
 * Dutch texts of the alert bar and of the header's sign-in and session messages, which it shows in an alert: both
 * load with the alert module (`loket-alert.js`), never with the drop-in. The other languages follow this table.
 */
export const nl = {
  closeAlert: 'Melding sluiten',
  alertVariant: { info: 'Informatie', success: 'Gelukt', warning: 'Waarschuwing', error: 'Fout' },
  /** The messages the header shows the citizen for these errors (`loket-error` codes). */
  status: {
    'sign-in-unavailable': 'Aanmelden lukt nu niet. Probeer het later opnieuw.',
    'session-ended': 'Je bent afgemeld.',
    'sign-out-incomplete':
      'Je bent afgemeld op deze site, maar de aanmeldserver was niet bereikbaar. Sluit je browser als anderen deze computer gebruiken.',
  },
};

export type AlertMessages = typeof nl;
