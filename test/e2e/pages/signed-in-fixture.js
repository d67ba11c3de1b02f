// Registers <loket-profile-menu> and <loket-notification-badge> from the module the drop-in loads for
// signed-in citizens (dist/loket-signed-in.js), unless something already did, and gives each profile menu on
// the page fixed example data. Used by the end-to-end fixture pages (test/e2e/forced-colors.test.mjs).

const module = await import('/loket/loket-signed-in.js');
if (!customElements.get('loket-profile-menu')) module.defineSignedInElements();

const NOW = Date.parse('2025-11-28T10:00:00Z');
for (const menu of document.querySelectorAll('loket-profile-menu')) {
  Object.assign(menu, {
    user: { id: 'e2e', givenName: 'Sanne', familyName: 'Peeters' },
    summary: {
      unread: { messages: 2, dossiers: 1, documents: 0 },
      latest: [
        {
          id: 'm1',
          kind: 'message',
          title: 'Uw bewonerskaart is goedgekeurd',
          createdAt: '2025-11-28T08:40:00Z',
          href: '#m1',
          read: false,
        },
        {
          id: 'c1',
          kind: 'document',
          title: 'Attest gezinssamenstelling',
          createdAt: '2025-11-12T11:30:00Z',
          href: '#c1',
          read: true,
        },
      ],
    },
    status: 'ready',
    links: [
      { label: 'Mijn berichten', href: '#berichten' },
      { label: 'Mijn dossiers', href: '#dossiers' },
    ],
    now: NOW,
  });
}
await Promise.all([...document.querySelectorAll('loket-profile-menu')].map((menu) => menu.updateComplete));
document.documentElement.dataset.signedInReady = 'true';
