import { expect } from '@open-wc/testing';
import { mergeConfig } from '../../src/config/merge.js';

describe('mergeConfig', () => {
  it('merges objects field by field, replaces arrays, removes fields set to null', () => {
    const base = {
      municipality: { id: 'a', name: 'A', href: '/' },
      links: { main: [{ label: 'x', href: '/x' }] },
      alert: { message: 'm', variant: 'info' },
    };
    const merged = mergeConfig(base, { municipality: { name: 'B' }, links: { main: [] }, alert: null });
    expect(merged).to.deep.equal({ municipality: { id: 'a', name: 'B', href: '/' }, links: { main: [] } });
    expect(base.municipality.name, 'base untouched').to.equal('A');
  });
});
