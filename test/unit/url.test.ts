import { expect } from '@open-wc/testing';
import { isSafeUrl } from '../../src/internal/url.js';

describe('isSafeUrl', () => {
  const safe = [
    '/',
    '/afval?x=1#y',
    'afval.html',
    '../up',
    '?q=1',
    '#top',
    'https://www.vlaanderen.be',
    'HTTP://EXAMPLE.BE',
    '//cdn.example.be/x',
  ];
  const unsafe = [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'mailto:x@example.be',
    'https://"><img src=x>',
    'http://[not-an-ip]/',
    '',
    '   ',
  ];
  for (const url of safe) it(`allows ${JSON.stringify(url)}`, () => expect(isSafeUrl(url)).to.equal(true));
  for (const url of unsafe) it(`refuses ${JSON.stringify(url)}`, () => expect(isSafeUrl(url)).to.equal(false));
  it('refuses non-strings', () => {
    expect(isSafeUrl(42)).to.equal(false);
    expect(isSafeUrl({ toString: () => '/' })).to.equal(false);
  });
});
