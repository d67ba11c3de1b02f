// What a site on the Flemish widget does with window.globalHeaderClient, as the Flemish README and the types'
// examples show. Shared by entry.js and embed.js; the results land in window.flemishResults for the test.
window.runFlemishCalls = async function runFlemishCalls() {
  const client = window.globalHeaderClient;
  const results = {};
  const contactLink = { label: 'Contact', href: '/contact' };
  const feedbackLink = { label: 'Feedback', href: 'https://example.com/feedback', isExternal: true, target: '_blank' };
  results.setMainLinks = await client.accessMenu.setMainLinks([contactLink, feedbackLink]);
  results.applicationLinks = await client.accessMenu.setApplicationMenuLinks([
    { label: 'Mijn aanvragen', href: '/aanvragen' },
    { nl: { label: 'Mijn afspraken', href: '/afspraken' }, fr: { label: 'Mes rendez-vous', href: '/afspraken' } },
  ]);
  results.setProfile = await client.accessMenu.setProfile({
    active: true,
    loginUrl: '/test-pages/vl/login.html',
    logoutUrl: '/test-pages/vl/logout.html',
    switchCapacityUrl: '/test-pages/vl/switch.html?hint={loginHint}',
    idpData: {
      user: { firstName: 'An', name: 'Claes' },
      activeIdentity: { loginHint: 'an-self' },
      identities: [
        { loginHint: 'an-self' },
        { onBehalfOf: { code: 'EA', name: 'Bakkerij Claes BV', identifier: 'BE0123456789' }, loginHint: 'an-bakkerij' },
        { onBehalfOf: { code: 'BUR', firstName: 'Lotte', name: 'Claes' }, loginHint: 'an-lotte' },
      ],
    },
  });
  results.setLevel4 = await client.branding.setLevel(4);
  results.setLevel1 = await client.branding.setLevel(1);
  results.setHost = await client.branding.setHost({ label: 'Stad Lindegem', href: '/' });
  results.setColors = await client.branding.setColors({ functional: '#7a1f5c' });
  results.setColorsTooLight = await client.branding.setColor({ type: 'functional', value: '#f5e663' });
  results.setServicePoints = await client.contact.setServicePoints({
    contextual: [
      {
        key: 'onthaal',
        name: 'Onthaal',
        label: 'Onthaal Lindegem',
        channels: [
          {
            name: 'Bel het onthaal',
            type: 'link-mobile',
            url: 'tel:+3293334455',
            availability: {
              remark: '',
              hours: [[{ from: '09:00', to: '12:00' }], [{ from: '09:00', to: '12:00' }], [], [], [], [], []],
            },
          },
          { name: 'Mail ons', type: 'link', icon: 'mail', url: 'mailto:onthaal@lindegem.be' },
        ],
      },
      { type: 'contactOption', contactGroupId: 'OVO002919' },
    ],
    defaults: [{ type: 'link', href: '/contact', label: 'Contactformulier' }],
  });
  results.opened = await client.contact.open();
  results.isOpen = await client.contact.isOpen();
  results.closed = await client.contact.close();
  results.config = await client.getConfig();
  results.variables = await client.branding.getVariables();
  results.applicationName = await client.accessMenu.setApplicationName('Mijn parkeerkaart');
  window.flemishResults = results;
  return results;
};
