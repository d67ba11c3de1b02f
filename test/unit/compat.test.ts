import { expect, fixture, html } from '@open-wc/testing';
import type { ContactOption, ServicePoints } from '@govflanders/vl-widget-global-header-types';
import { LoketApi } from '../../src/api/loket-api.js';
import { GlobalHeaderCompat } from '../../src/compat/global-header-client.js';
import { defineElements } from '../../src/internal/define-elements.js';
import { setHelpLoader } from '../../src/internal/help-loader.js';
import { setSignedInLoader } from '../../src/internal/signed-in-loader.js';
import { applyTheme, captureConsole, fullConfig } from './helpers.js';

defineElements();
setHelpLoader(() => import('../../src/help.js'));
setSignedInLoader(() => import('../../src/signed-in.js'));

const phoneOption: ContactOption = {
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
        hours: [
          [
            { from: '9:00', to: '12:00' },
            { from: '13:00', to: '16:00' },
          ],
          [{ from: '09:00', to: '12:00' }],
          [],
          [],
          [],
          [],
          [],
        ],
      },
    },
    { name: 'Mail ons', type: 'link', icon: 'mail', url: 'mailto:onthaal@lindegem.be' },
    { name: 'Chat', type: 'chat', url: 'https://chat.lindegem.be/' },
    { name: 'Gemeentehuis', type: 'location', information: 'Markt 1\n9999 Lindegem' },
  ],
};

describe('window.globalHeaderClient (GlobalHeaderCompat)', () => {
  let api: LoketApi;
  let client: GlobalHeaderCompat;
  let warn: ReturnType<typeof captureConsole>;
  beforeEach(async () => {
    api = new LoketApi('test');
    client = new GlobalHeaderCompat(api);
    warn = captureConsole('warn');
    await fixture(html`<div id="slot"></div>`);
    await api.mount('#slot', fullConfig());
  });
  afterEach(async () => {
    warn.restore();
    await api.unmount();
  });

  const root = () => document.querySelector('loket-header')!.shadowRoot!;

  it('rejects bad arguments, naming the method and the argument', async () => {
    const message = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: Error) => e.message,
      );
    expect(await message(client.accessMenu.setMainLinks('x' as never))).to.contain('accessMenu.setMainLinks: "links"');
    expect(await message(client.accessMenu.setMainLinks([null as never]))).to.contain('"links[0]"');
    expect(await message(client.accessMenu.addApplicationMenuLink(7 as never))).to.contain('"link"');
    expect(await message(client.accessMenu.setProfile('yes' as never))).to.contain('"profileConfig"');
    expect(await message(client.accessMenu.setProfile({ active: 'yes' as never }))).to.contain(
      '"profileConfig.active"',
    );
    expect(await message(client.accessMenu.setProfile({ active: true, idpData: { user: {} as never } }))).to.contain(
      '"profileConfig.idpData.user"',
    );
    expect(await message(client.accessMenu.setVisibility(1 as never))).to.contain('"visibility"');
    expect(await message(client.accessMenu.setApplicationName(3 as never))).to.contain('"applicationName"');
    expect(await message(client.branding.setLevel(7))).to.contain('1, 2, 3 or 4');
    expect(await message(client.branding.setColor({ type: 'accent' as never, value: '#000' }))).to.contain('"args"');
    expect(await message(client.branding.setColors({ functional: 'not-a-colour' } as never)))
      .to.contain('"functional"')
      .and.contain('CSS colour');
    expect(await message(client.branding.getColor('x' as never))).to.contain('"type"');
    expect(await message(client.branding.setHost('x' as never))).to.contain('"host"');
    expect(await message(client.branding.setHost({ logo: { alt: 'x' } }))).to.contain('"host.logo"');
    expect(await message(client.branding.setUmbrella({ label: 'V', href: 'javascript:alert(1)' }))).to.contain(
      'umbrella.href',
    );
    expect(await message(client.contact.setServicePoints([] as never))).to.contain('"servicePoints"');
    expect(await message(client.contact.setServicePoints({ defaults: 'x' as never }))).to.contain(
      '"servicePoints.defaults"',
    );
    expect(await message(client.contact.open('phone' as never))).to.contain('"channel"');
    expect(await message(client.setNavigationEnabled('no' as never))).to.contain('"enabled"');
    expect(await message(client.mount('#slot' as never))).to.contain('"element"');
  });

  it('setMainLinks and the application links map labels per language, isExternal and target', async () => {
    expect(
      await client.accessMenu.setMainLinks([
        { label: 'Afval', href: '/afval' },
        { nl: { label: 'Parkeren', href: '/parkeren' }, fr: { label: 'Stationnement', href: '/parkeren' } },
        { label: 'Vlaanderen.be', href: 'https://www.vlaanderen.be', isExternal: true, target: '_blank' },
      ]),
    ).to.equal(true);
    const labels = [...root().querySelectorAll('nav li:not(.narrow-only) a')].map((a) => a.textContent!.trim());
    expect(labels[0]).to.equal('Afval');
    expect(labels[1]).to.equal('Parkeren');
    expect(labels[2]).to.contain('Vlaanderen.be');
    expect(
      root().querySelector('nav li:not(.narrow-only) a[href="https://www.vlaanderen.be"]')!.getAttribute('target'),
    ).to.equal('_blank');
    const links = await client.accessMenu.setApplicationMenuLinks([
      { label: 'Mijn aanvragen', href: '/aanvragen', icon: 'e-desk' },
    ]);
    expect(links).to.deep.equal([{ label: 'Mijn aanvragen', href: '/aanvragen' }]);
    const more = await client.accessMenu.addApplicationMenuLinks([
      { label: 'Mijn afspraken', href: '/afspraken', target: '_top' },
    ]);
    expect(more.map((l) => (l as { href: string }).href)).to.deep.equal(['/aanvragen', '/afspraken']);
    expect(warn.calls.some((c) => c.includes('e-desk icons'))).to.equal(true);
    expect(warn.calls.some((c) => c.includes('target "_top"'))).to.equal(true);
    const config = await client.getConfig();
    const profile = config.extensions.find((e) => e.pluginTypeId === 'citizen_profile') as unknown as {
      mainLinks: unknown[];
    };
    expect(profile.mainLinks[1]).to.deep.equal({
      nl: { label: 'Parkeren', href: '/parkeren' },
      fr: { label: 'Stationnement', href: '/parkeren' },
    });
  });

  it("a bad link is refused by Loket's validation, named in the rejection", async () => {
    const message = await client.accessMenu.setMainLinks([{ label: 'X', href: 'javascript:alert(1)' }]).then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    expect(message).to.contain('globalHeaderClient.accessMenu.setMainLinks').and.contain('links.main[0].href');
  });

  it('setProfile signs the citizen in (host mode) with who they act for and their identities', async () => {
    expect(
      await client.accessMenu.setProfile({
        active: true,
        loginUrl: '/login',
        logoutUrl: '/logout',
        switchCapacityUrl: '/wissel?hint={loginHint}',
        idpData: {
          user: { firstName: 'An', name: 'Claes' },
          activeIdentity: {
            onBehalfOf: { code: 'EA', name: 'Bakkerij Claes BV', identifier: 'BE0123456789' },
            loginHint: 'ea',
          },
          identities: [
            { loginHint: 'self' },
            { onBehalfOf: { code: 'EA', name: 'Bakkerij Claes BV', identifier: 'BE0123456789' }, loginHint: 'ea' },
            { onBehalfOf: { code: 'BUR', firstName: 'Lotte', name: 'Claes' }, loginHint: 'kind' },
            { onBehalfOf: { code: 'VER', name: 'Toneelkring' } },
          ],
        },
      }),
    ).to.equal(true);
    const session = await api.getSession();
    expect(session.status).to.equal('signed-in');
    expect(session.user!.givenName).to.equal('An');
    expect(session.user!.id).to.match(/^flemish-/);
    expect(session.user!.onBehalfOf).to.deep.equal({
      kind: 'company',
      name: 'Bakkerij Claes BV',
      identifier: 'BE0123456789',
    });
    expect(session.user!.identities).to.deep.equal([
      { loginHint: 'self' },
      { loginHint: 'ea', onBehalfOf: { kind: 'company', name: 'Bakkerij Claes BV', identifier: 'BE0123456789' } },
      { loginHint: 'kind', onBehalfOf: { kind: 'person', name: 'Lotte Claes' } },
    ]);
    expect(warn.calls.some((c) => c.includes('without a loginHint'))).to.equal(true);
    const auth = (await api.getConfig())!.auth as { loginUrl: string; switchUrl: string };
    expect(auth.loginUrl).to.equal('/login');
    expect(auth.switchUrl).to.equal('/wissel?hint={loginHint}');
    expect((await client.accessMenu.getProfile()).active).to.equal(true);
    await client.accessMenu.setProfile({ active: false });
    expect((await api.getSession()).status).to.equal('signed-out');
  });

  it('setProfile resolves false and says why once when the header signs in itself (oidc)', async () => {
    await api.configure({ auth: null as never }); // objects merge: drop the host-mode fields first
    await api.configure({ auth: { mode: 'oidc', authority: 'https://login.example', clientId: 'site' } });
    expect(await client.accessMenu.setProfile({ active: false })).to.equal(false);
    expect(await client.accessMenu.setProfile({ active: false })).to.equal(false);
    expect(warn.calls.filter((c) => c.includes('auth.mode "oidc"')).length).to.equal(1);
  });

  it('setVisibility hides and shows the sign-in button', async () => {
    expect(await client.accessMenu.setVisibility(false)).to.equal(true);
    expect(root().querySelector('.sign-in')).to.equal(null);
    await client.accessMenu.setVisibility(true);
    expect(root().querySelector('.sign-in')).to.exist;
  });

  it('branding level 4 is the only one Loket has; others resolve false and say why once', async () => {
    expect(await client.branding.getLevel()).to.equal(4);
    expect(await client.branding.setLevel(4)).to.equal(true);
    expect(await client.branding.setLevel(2)).to.equal(false);
    expect(await client.branding.setLevel(2)).to.equal(false);
    expect(warn.calls.filter((c) => c.includes('level 2')).length).to.equal(1);
  });

  it('setColors paints the tokens when the contrast holds and refuses a colour that fails it', async () => {
    const removeTheme = await applyTheme('loket');
    const error = captureConsole('error');
    try {
      expect(await client.branding.setColors({ functional: '#7a1f5c', primary: '#1d4f91' })).to.equal(
        true,
        error.calls.join('\n'),
      );
      const variables = await client.branding.getVariables();
      expect(variables['--loket-header-link-text-color']).to.equal('#7a1f5c');
      expect(variables['--loket-header-button-hover-background-color']).to.equal(
        'color-mix(in oklab, #7a1f5c 80%, black)',
      );
      expect(variables['--loket-header-border-color']).to.equal('#1d4f91');
      expect(await client.branding.getColor('functional')).to.equal('#7a1f5c');
      expect(await client.branding.setColor({ type: 'functional', value: '#ffdd00' })).to.equal(false);
      expect(error.calls[0]).to.contain('functional #ffdd00').and.contain('below 4.5:1');
      expect((await client.branding.getVariables())['--loket-header-link-text-color']).to.equal('#7a1f5c');
    } finally {
      error.restore();
      removeTheme();
    }
  });

  it('setHost and setUmbrella change the name, home link, logo and umbrella', async () => {
    expect(await client.branding.setHost({ label: 'Stad Lindegem', href: '/start', logo: null })).to.equal(true);
    expect(root().querySelector('.brand .name')!.textContent).to.equal('Stad Lindegem');
    expect(root().querySelector('a.brand')!.getAttribute('href')).to.equal('/start');
    expect(root().querySelector('.logo')).to.equal(null);
    expect(await client.branding.setUmbrella({ label: 'Provincie', href: 'https://provincie.example' })).to.equal(true);
    expect(root().querySelector('.umbrella')!.textContent).to.equal('Provincie');
    expect(await client.branding.getHost()).to.deep.equal({ label: 'Stad Lindegem', href: '/start', logo: null });
    expect(await client.branding.getUmbrella()).to.deep.equal({
      label: 'Provincie',
      href: 'https://provincie.example',
    });
  });

  it('setServicePoints shows the channels in the help menu; reset returns to the config', async () => {
    const points: ServicePoints = {
      contextual: [phoneOption, { type: 'contactOption', contactGroupId: 'OVO002919' }],
      defaults: [{ type: 'link', href: '/contact', label: 'Contactformulier' }],
    };
    expect(await client.contact.setServicePoints(points)).to.deep.equal(points);
    const help = (await api.getConfig())!.help!;
    expect(help.options.map((o) => [o.kind, o.value])).to.deep.equal([
      ['phone', '+3293334455'],
      ['email', 'onthaal@lindegem.be'],
      ['link', 'https://chat.lindegem.be/'],
      ['address', 'Markt 1\n9999 Lindegem'],
      ['link', '/contact'],
    ]);
    expect(help.options[0].hours).to.deep.equal({
      mon: [
        { from: '09:00', to: '12:00' },
        { from: '13:00', to: '16:00' },
      ],
      tue: [{ from: '09:00', to: '12:00' }],
    });
    expect(warn.calls.some((c) => c.includes('contactGroupId "OVO002919"'))).to.equal(true);
    expect((await client.contact.getServicePoints()).contextual).to.have.length(1);
    expect(root().querySelector('loket-help-menu')).to.exist;
    expect(await client.contact.resetServicePoints()).to.equal(true);
    expect((await api.getConfig())!.help).to.equal(undefined);
    expect(root().querySelector('loket-help-menu')).to.equal(null);
  });

  it('per-language service points become per-language labels', async () => {
    await client.contact.setServicePoints({
      nl: { defaults: [{ type: 'link', href: '/contact', label: 'Contact opnemen' }] },
      fr: { defaults: [{ type: 'link', href: '/contact', label: 'Nous contacter' }] },
    });
    expect((await api.getConfig())!.help!.options[0].label).to.deep.equal({
      nl: 'Contact opnemen',
      fr: 'Nous contacter',
    });
  });

  it('contact.open, close, toggle and isOpen drive the help menu', async () => {
    expect(await client.contact.open()).to.equal(false); // no help options yet
    await client.contact.setServicePoints({ defaults: [{ type: 'link', href: '/contact', label: 'Contact' }] });
    expect(await client.contact.open('chat')).to.equal(true);
    expect(await client.contact.isOpen()).to.equal(true);
    expect(warn.calls.some((c) => c.includes('no chat panel'))).to.equal(true);
    expect(await client.contact.toggle()).to.equal(false);
    expect(await client.contact.isOpen()).to.equal(false);
    expect(await client.contact.toggle()).to.equal(true);
    expect(await client.contact.close()).to.equal(true);
    expect(await client.contact.isOpen()).to.equal(false);
  });

  it('setNavigationEnabled(false) leaves only the name', async () => {
    expect(await client.setNavigationEnabled(false)).to.equal(true);
    expect(root().querySelector('nav')).to.equal(null);
    expect(root().querySelector('.sign-in')).to.equal(null);
    await client.setNavigationEnabled(true);
    expect(root().querySelector('nav')).to.exist;
  });

  it('getConfig answers in the Flemish shape', async () => {
    await api.setAlert({ message: 'Storing', variant: 'error' });
    const config = await client.getConfig();
    expect(config.branding.level).to.equal(4);
    expect(config.branding.host).to.deep.equal({
      label: 'Gemeente Lindegem',
      href: '/',
      logo: { src: '/test/fixtures/logo.svg', alt: 'Logo Lindegem' },
    });
    expect(config.branding.umbrella).to.deep.equal({ label: 'Vlaanderen', href: 'https://www.vlaanderen.be' });
    expect(config.alert).to.deep.equal({ enabled: true, message: 'Storing', modifier: 'error' });
    expect(config.extensions.map((e) => e.pluginTypeId)).to.deep.equal(['citizen_profile', 'contact']);
  });

  it('unmount and mount again', async () => {
    expect(await client.unmount()).to.equal(true);
    expect(document.querySelector('loket-header')).to.equal(null);
    const slot = document.getElementById('slot')!;
    expect(await client.mount(slot)).to.equal(true);
    expect(slot.querySelector('loket-header')).to.exist;
  });
});
