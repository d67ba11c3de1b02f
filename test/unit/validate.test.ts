import { expect } from '@open-wc/testing';
import { validateConfig, validateAlert } from '../../src/config/validate.js';
import { fullConfig } from './helpers.js';

const paths = (input: unknown) => validateConfig(input).issues.map((i) => i.path);

/** A config with one help option, for the help cases. */
const withHelp = (...options: unknown[]) => ({ municipality: { id: 'l', name: 'L', href: '/' }, help: { options } });
const week = (hours: unknown) => withHelp({ kind: 'hours', label: 'Open', hours });

function helpCases(): [string, unknown, string, string][] {
  return [
    [
      'help without options',
      { municipality: { id: 'l', name: 'L', href: '/' }, help: { label: 'Hulp' } },
      'help.options',
      'array of { kind, label, value, hours }',
    ],
    [
      'a help option of an unknown kind',
      withHelp({ kind: 'fax', label: 'Fax', value: '1' }),
      'help.options[0].kind',
      '"phone", "email", "link", "hours", "address"',
    ],
    [
      'a help option with a typo in a field',
      withHelp({ kind: 'phone', label: 'Bel', value: '1', hour: {} }),
      'help.options[0].hour',
      'no such field (known: kind, label, value, hours)',
    ],
    [
      'a phone option without a number',
      withHelp({ kind: 'phone', label: 'Bel' }),
      'help.options[0].value',
      'phone number: digits, spaces, + ( ) - . /',
    ],
    [
      'a phone number with letters',
      withHelp({ kind: 'phone', label: 'Bel', value: '09 BEL ONS' }),
      'help.options[0].value',
      'phone number',
    ],
    [
      'a phone number without digits',
      withHelp({ kind: 'phone', label: 'Bel', value: '+ ( ) -' }),
      'help.options[0].value',
      'phone number',
    ],
    [
      'an e-mail address without @',
      withHelp({ kind: 'email', label: 'Mail', value: 'info.lindegem.be' }),
      'help.options[0].value',
      'e-mail address, such as "info@gemeente.be"',
    ],
    [
      'an e-mail address with two @',
      withHelp({ kind: 'email', label: 'Mail', value: 'info@lindegem@be' }),
      'help.options[0].value',
      'e-mail address',
    ],
    [
      'a link option without a URL',
      withHelp({ kind: 'link', label: 'Chat' }),
      'help.options[0].value',
      'http(s) or relative URL',
    ],
    [
      'an address that is empty',
      withHelp({ kind: 'address', label: 'Adres', value: ' \n ' }),
      'help.options[0].value',
      'non-empty string',
    ],
    [
      'an hours option without hours',
      withHelp({ kind: 'hours', label: 'Open' }),
      'help.options[0].hours',
      'opening hours, such as { mon: [{ from: "09:00", to: "12:30" }] }',
    ],
    [
      'an hours option with a text value',
      withHelp({ kind: 'hours', label: 'Open', value: 'ma-vr 9-12', hours: {} }),
      'help.options[0].value',
      'nothing (hours go in "hours")',
    ],
    ['hours that are not an object', week([{ from: '09:00', to: '12:00' }]), 'help.options[0].hours', 'an object'],
    [
      'hours for an unknown day',
      week({ monday: [] }),
      'help.options[0].hours.monday',
      'no such field (known: mon, tue, wed, thu, fri, sat, sun)',
    ],
    [
      'a day that is not a list',
      week({ mon: { from: '09:00', to: '12:00' } }),
      'help.options[0].hours.mon',
      'an array of { from, to }',
    ],
    ['a period that is not an object', week({ tue: ['09:00-12:00'] }), 'help.options[0].hours.tue[0]', 'an object'],
    [
      'a 12-hour time',
      week({ wed: [{ from: '9:00', to: '12:00' }] }),
      'help.options[0].hours.wed[0].from',
      '24-hour time "HH:MM"',
    ],
    [
      'a time past midnight',
      week({ thu: [{ from: '09:00', to: '24:30' }] }),
      'help.options[0].hours.thu[0].to',
      '24-hour time "HH:MM"',
    ],
    [
      'a period that ends before it starts',
      week({ fri: [{ from: '14:00', to: '12:00' }] }),
      'help.options[0].hours.fri[0]',
      '"from" before "to"',
    ],
    [
      'a period of no time',
      week({ sat: [{ from: '10:00', to: '10:00' }] }),
      'help.options[0].hours.sat[0]',
      '"from" before "to"',
    ],
    [
      'bad hours beside a phone line',
      withHelp({ kind: 'phone', label: 'Bel', value: '+32 9 123 45 67', hours: { sun: [{ from: 'x', to: '12:00' }] } }),
      'help.options[0].hours.sun[0].from',
      '24-hour time',
    ],
  ];
}

describe('validateConfig', () => {
  it('accepts a full config with no issues', () => {
    const { config, issues } = validateConfig(fullConfig());
    expect(issues).to.deep.equal([]);
    expect(config).to.deep.equal(fullConfig());
  });

  it('accepts oidc and none auth, api and help', () => {
    const { issues } = validateConfig({
      ...fullConfig(),
      auth: {
        mode: 'oidc',
        authority: 'https://login.example.be',
        clientId: 'site',
        scope: 'openid profile',
        callbackPath: '/',
      },
      api: { baseUrl: 'https://api.example.be/v1', refreshSeconds: 60 },
      help: { label: 'Hulp nodig?', options: [{ kind: 'phone', label: 'Bel ons', value: '+32 9 123 45 67' }] },
      theme: '/themes/custom.css',
    });
    expect(issues).to.deep.equal([]);
  });

  it('keeps auth.silentSignIn true, drops false, reports anything else and keeps the rest of auth', () => {
    const auth = { mode: 'oidc', authority: 'https://login.example.be', clientId: 'site' } as const;
    const on = validateConfig({ ...fullConfig(), auth: { ...auth, silentSignIn: true } });
    expect(on.issues).to.deep.equal([]);
    expect(on.config.auth).to.deep.equal({ ...auth, silentSignIn: true });
    const off = validateConfig({ ...fullConfig(), auth: { ...auth, silentSignIn: false } });
    expect(off.issues).to.deep.equal([]);
    expect(off.config.auth).to.deep.equal(auth);
    for (const bad of ['true', 1, '/loket/loket-silent.html', null]) {
      const result = validateConfig({ ...fullConfig(), auth: { ...auth, silentSignIn: bad } });
      expect(result.issues.map((i) => [i.path, i.expected])).to.deep.equal([['auth.silentSignIn', 'true or false']]);
      expect(result.config.auth).to.deep.equal(auth);
    }
    // an oidc field: host mode has no such field
    const host = validateConfig({
      ...fullConfig(),
      auth: { mode: 'host', loginUrl: '/in', logoutUrl: '/uit', silentSignIn: true },
    });
    expect(host.issues.map((i) => i.path)).to.deep.equal(['auth.silentSignIn']);
    expect(host.config.auth).to.deep.equal({ mode: 'host', loginUrl: '/in', logoutUrl: '/uit' });
  });

  it('keeps a host-mode switchUrl with its placeholders; a bad one is left out and the rest of auth kept', () => {
    const auth = {
      mode: 'host',
      loginUrl: '/in?terug={returnUrl}',
      logoutUrl: '/uit',
      switchUrl: 'https://login.lindegem.be/wissel?hint={loginHint}&terug={returnUrl}',
    };
    const good = validateConfig({ ...fullConfig(), auth });
    expect(good.issues).to.deep.equal([]);
    expect(good.config.auth).to.deep.equal(auth);
    const bad = validateConfig({ ...fullConfig(), auth: { ...auth, switchUrl: 'data:text/html,x' } });
    expect(bad.issues.map((i) => i.path)).to.deep.equal(['auth.switchUrl']);
    expect(bad.config.auth).to.deep.equal({ mode: 'host', loginUrl: '/in?terug={returnUrl}', logoutUrl: '/uit' });
  });

  const cases: [string, unknown, string, string][] = [
    ['a config that is not an object', 'nope', '(config)', 'JSON object'],
    ['an array', [], '(config)', 'JSON object'],
    ['null', null, '(config)', 'JSON object'],
    ['a missing municipality', {}, 'municipality', 'object { id, name, href }'],
    ['a bad id', { municipality: { id: 'Lindegem!', name: 'L', href: '/' } }, 'municipality.id', 'lowercase'],
    ['an empty name', { municipality: { id: 'l', name: '  ', href: '/' } }, 'municipality.name', 'non-empty string'],
    [
      'a name in an unknown language',
      { municipality: { id: 'l', name: { es: 'L' }, href: '/' } },
      'municipality.name.es',
      'language key',
    ],
    [
      'a javascript: home link',
      { municipality: { id: 'l', name: 'L', href: 'javascript:alert(1)' } },
      'municipality.href',
      'http(s) or relative URL',
    ],
    [
      'a data: logo',
      { municipality: { id: 'l', name: 'L', href: '/', logo: { src: 'data:text/html,x', alt: 'L' } } },
      'municipality.logo.src',
      'http(s) or relative URL',
    ],
    [
      'a logo without alt',
      { municipality: { id: 'l', name: 'L', href: '/', logo: { src: '/l.svg' } } },
      'municipality.logo.alt',
      'non-empty string',
    ],
    [
      'a bad theme',
      { municipality: { id: 'l', name: 'L', href: '/' }, theme: 'Red Theme' },
      'theme',
      'bundled theme id',
    ],
    [
      'an unknown auth mode',
      { municipality: { id: 'l', name: 'L', href: '/' }, auth: { mode: 'saml' } },
      'auth.mode',
      '"oidc", "host", "none"',
    ],
    [
      'oidc without clientId',
      { municipality: { id: 'l', name: 'L', href: '/' }, auth: { mode: 'oidc', authority: 'https://idp.example' } },
      'auth.clientId',
      'non-empty string',
    ],
    [
      'a relative oidc authority',
      { municipality: { id: 'l', name: 'L', href: '/' }, auth: { mode: 'oidc', authority: '/idp', clientId: 'c' } },
      'auth.authority',
      'absolute http(s) URL',
    ],
    [
      'an off-site callback path',
      {
        municipality: { id: 'l', name: 'L', href: '/' },
        auth: { mode: 'oidc', authority: 'https://idp.example', clientId: 'c', callbackPath: '//evil.example/' },
      },
      'auth.callbackPath',
      'starting with "/"',
    ],
    [
      'a vbscript: login URL',
      {
        municipality: { id: 'l', name: 'L', href: '/' },
        auth: { mode: 'host', loginUrl: 'vbscript:x', logoutUrl: '/' },
      },
      'auth.loginUrl',
      'http(s) or relative URL',
    ],
    [
      'a javascript: switch URL',
      {
        municipality: { id: 'l', name: 'L', href: '/' },
        auth: { mode: 'host', loginUrl: '/in', logoutUrl: '/uit', switchUrl: 'javascript:alert({loginHint})' },
      },
      'auth.switchUrl',
      'http(s) or relative URL',
    ],
    [
      'a switch URL that is not a string',
      {
        municipality: { id: 'l', name: 'L', href: '/' },
        auth: { mode: 'host', loginUrl: '/in', logoutUrl: '/uit', switchUrl: 42 },
      },
      'auth.switchUrl',
      'http(s) or relative URL',
    ],
    [
      'a bad refresh',
      { municipality: { id: 'l', name: 'L', href: '/' }, api: { baseUrl: '/api', refreshSeconds: 0 } },
      'api.refreshSeconds',
      '5 or more',
    ],
    [
      'links that are not an array',
      { municipality: { id: 'l', name: 'L', href: '/' }, links: { main: 'x' } },
      'links.main',
      'array of links',
    ],
    [
      'a link with a bad target',
      {
        municipality: { id: 'l', name: 'L', href: '/' },
        links: { main: [{ label: 'A', href: '/a', target: '_top' }] },
      },
      'links.main[0].target',
      '"_blank", "_self"',
    ],
    [
      'an alert with a bad variant',
      { municipality: { id: 'l', name: 'L', href: '/' }, alert: { message: 'x', variant: 'danger' } },
      'alert.variant',
      '"info", "success", "warning", "error"',
    ],
    [
      'an unknown top-level field',
      { municipality: { id: 'l', name: 'L', href: '/' }, colour: 'red' },
      'colour',
      'no such field',
    ],
    [
      'a help option with a javascript: link',
      {
        municipality: { id: 'l', name: 'L', href: '/' },
        help: { options: [{ kind: 'link', label: 'Chat', value: 'javascript:x' }] },
      },
      'help.options[0].value',
      'http(s) or relative URL',
    ],
    ...helpCases(),
  ];

  for (const [what, input, path, expected] of cases) {
    it(`names the field and the expected form for ${what}`, () => {
      const issue = validateConfig(input).issues.find((i) => i.path === path);
      expect(issue, `issues: ${JSON.stringify(validateConfig(input).issues)}`).to.exist;
      expect(issue!.expected).to.contain(expected);
    });
  }

  it('accepts every kind of help option, and hours beside a phone line, an address or a link', () => {
    const help = {
      label: { nl: 'Hulp nodig?', fr: 'Besoin d’aide ?' },
      options: [
        {
          kind: 'phone',
          label: 'Bel ons',
          value: '+32 (0)9 123.45/67',
          hours: {
            mon: [
              { from: '09:00', to: '12:30' },
              { from: '13:30', to: '16:00' },
            ],
            sat: [],
          },
        },
        { kind: 'email', label: 'Mail ons', value: 'info@lindegem.be' },
        {
          kind: 'link',
          label: 'Chat',
          value: 'https://chat.lindegem.be/start',
          hours: { fri: [{ from: '00:00', to: '23:59' }] },
        },
        {
          kind: 'address',
          label: 'Gemeentehuis',
          value: 'Marktplein 1\n9999 Lindegem',
          hours: { tue: [{ from: '08:30', to: '12:00' }] },
        },
        { kind: 'hours', label: 'Openingsuren', hours: { wed: [{ from: '14:00', to: '19:00' }] } },
      ],
    };
    const { config, issues } = validateConfig({ municipality: { id: 'l', name: 'L', href: '/' }, help });
    expect(issues).to.deep.equal([]);
    expect(config.help).to.deep.equal(help);
  });

  it('leaves out a bad help option or period and keeps the rest', () => {
    const { config, issues } = validateConfig(
      withHelp(
        { kind: 'phone', label: 'Bel', value: 'bel ons' },
        { kind: 'email', label: 'Mail', value: 'info@lindegem.be' },
        {
          kind: 'hours',
          label: 'Open',
          hours: {
            mon: [
              { from: '09:00', to: '12:00' },
              { from: '16:00', to: '13:00' },
            ],
            tue: 'x',
          },
        },
        { kind: 'hours', label: 'Open', value: 'ma-vr', hours: { wed: [] } },
      ),
    );
    expect(issues.map((i) => i.path)).to.deep.equal([
      'help.options[0].value',
      'help.options[2].hours.mon[1]',
      'help.options[2].hours.tue',
      'help.options[3].value',
    ]);
    expect(issues[1].received).to.equal('"16:00 to 13:00"');
    expect(config.help!.options).to.deep.equal([
      { kind: 'email', label: 'Mail', value: 'info@lindegem.be' },
      { kind: 'hours', label: 'Open', hours: { mon: [{ from: '09:00', to: '12:00' }] } },
      { kind: 'hours', label: 'Open', hours: { wed: [] } },
    ]);
  });

  it('keeps the valid links when one is bad', () => {
    const { config, issues } = validateConfig({
      ...fullConfig(),
      links: {
        main: [
          { label: 'A', href: '/a' },
          { label: 'B', href: 'data:text/html,<script>' },
          { label: 'C', href: '/c' },
        ],
      },
    });
    expect(issues.map((i) => i.path)).to.deep.equal(['links.main[1].href']);
    expect(config.links!.main!.map((l) => l.label)).to.deep.equal(['A', 'C']);
  });

  it('never repeats a long bad value in full', () => {
    const [issue] = validateConfig({ ...fullConfig(), theme: 'X'.repeat(5000) }).issues;
    expect(issue.received.length).to.be.below(80);
  });

  it('reports every problem, not just the first', () => {
    expect(paths({ municipality: { id: 'X', name: '', href: 'javascript:x' } })).to.deep.equal([
      'municipality.id',
      'municipality.name',
      'municipality.href',
    ]);
  });

  it('validates a single alert for setAlert', () => {
    expect(validateAlert({ message: 'x', variant: 'info' }).issues).to.deep.equal([]);
    expect(validateAlert({ message: '', variant: 'info' }).issues[0].path).to.equal('alert.message');
  });
});
