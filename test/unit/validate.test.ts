import { expect } from '@open-wc/testing';
import { validateConfig, validateAlert } from '../../src/config/validate.js';
import { fullConfig } from './helpers.js';

const paths = (input: unknown) => validateConfig(input).issues.map((i) => i.path);

describe('validateConfig', () => {
  it('accepts a full config with no issues', () => {
    const { config, issues } = validateConfig(fullConfig());
    expect(issues).to.deep.equal([]);
    expect(config).to.deep.equal(fullConfig());
  });

  it('accepts oidc and none auth, api and help', () => {
    const { issues } = validateConfig({
      ...fullConfig(),
      auth: { mode: 'oidc', authority: 'https://login.example.be', clientId: 'site', scope: 'openid profile', callbackPath: '/' },
      api: { baseUrl: 'https://api.example.be/v1', refreshSeconds: 60 },
      help: { label: 'Hulp nodig?', options: [{ kind: 'phone', label: 'Bel ons', value: '+32 9 123 45 67' }] },
      theme: '/themes/custom.css',
    });
    expect(issues).to.deep.equal([]);
  });

  const cases: [string, unknown, string, string][] = [
    ['a config that is not an object', 'nope', '(config)', 'JSON object'],
    ['an array', [], '(config)', 'JSON object'],
    ['null', null, '(config)', 'JSON object'],
    ['a missing municipality', {}, 'municipality', 'object { id, name, href }'],
    ['a bad id', { municipality: { id: 'Lindegem!', name: 'L', href: '/' } }, 'municipality.id', 'lowercase'],
    ['an empty name', { municipality: { id: 'l', name: '  ', href: '/' } }, 'municipality.name', 'non-empty string'],
    ['a name in an unknown language', { municipality: { id: 'l', name: { es: 'L' }, href: '/' } }, 'municipality.name.es', 'language key'],
    ['a javascript: home link', { municipality: { id: 'l', name: 'L', href: 'javascript:alert(1)' } }, 'municipality.href', 'http(s) or relative URL'],
    ['a data: logo', { municipality: { id: 'l', name: 'L', href: '/', logo: { src: 'data:text/html,x', alt: 'L' } } }, 'municipality.logo.src', 'http(s) or relative URL'],
    ['a logo without alt', { municipality: { id: 'l', name: 'L', href: '/', logo: { src: '/l.svg' } } }, 'municipality.logo.alt', 'non-empty string'],
    ['a bad theme', { municipality: { id: 'l', name: 'L', href: '/' }, theme: 'Red Theme' }, 'theme', 'bundled theme id'],
    ['an unknown auth mode', { municipality: { id: 'l', name: 'L', href: '/' }, auth: { mode: 'saml' } }, 'auth.mode', '"oidc", "host", "none"'],
    ['oidc without clientId', { municipality: { id: 'l', name: 'L', href: '/' }, auth: { mode: 'oidc', authority: 'https://idp.example' } }, 'auth.clientId', 'non-empty string'],
    ['a relative oidc authority', { municipality: { id: 'l', name: 'L', href: '/' }, auth: { mode: 'oidc', authority: '/idp', clientId: 'c' } }, 'auth.authority', 'absolute http(s) URL'],
    ['an off-site callback path', { municipality: { id: 'l', name: 'L', href: '/' }, auth: { mode: 'oidc', authority: 'https://idp.example', clientId: 'c', callbackPath: '//evil.example/' } }, 'auth.callbackPath', 'starting with "/"'],
    ['a vbscript: login URL', { municipality: { id: 'l', name: 'L', href: '/' }, auth: { mode: 'host', loginUrl: 'vbscript:x', logoutUrl: '/' } }, 'auth.loginUrl', 'http(s) or relative URL'],
    ['a bad refresh', { municipality: { id: 'l', name: 'L', href: '/' }, api: { baseUrl: '/api', refreshSeconds: 0 } }, 'api.refreshSeconds', '5 or more'],
    ['links that are not an array', { municipality: { id: 'l', name: 'L', href: '/' }, links: { main: 'x' } }, 'links.main', 'array of links'],
    ['a link with a bad target', { municipality: { id: 'l', name: 'L', href: '/' }, links: { main: [{ label: 'A', href: '/a', target: '_top' }] } }, 'links.main[0].target', '"_blank", "_self"'],
    ['an alert with a bad variant', { municipality: { id: 'l', name: 'L', href: '/' }, alert: { message: 'x', variant: 'danger' } }, 'alert.variant', '"info", "success", "warning", "error"'],
    ['an unknown top-level field', { municipality: { id: 'l', name: 'L', href: '/' }, colour: 'red' }, 'colour', 'no such field'],
    ['a help option with a javascript: link', { municipality: { id: 'l', name: 'L', href: '/' }, help: { options: [{ kind: 'link', label: 'Chat', value: 'javascript:x' }] } }, 'help.options[0].value', 'http(s) or relative URL'],
  ];

  for (const [what, input, path, expected] of cases) {
    it(`names the field and the expected form for ${what}`, () => {
      const issue = validateConfig(input).issues.find((i) => i.path === path);
      expect(issue, `issues: ${JSON.stringify(validateConfig(input).issues)}`).to.exist;
      expect(issue!.expected).to.contain(expected);
    });
  }

  it('keeps the valid links when one is bad', () => {
    const { config, issues } = validateConfig({
      ...fullConfig(),
      links: { main: [{ label: 'A', href: '/a' }, { label: 'B', href: 'data:text/html,<script>' }, { label: 'C', href: '/c' }] },
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
