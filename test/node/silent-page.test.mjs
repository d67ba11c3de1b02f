// The silent sign-in's callback page (src/silent/, copied to dist/ by the build) posts what oidc-client-ts's own
// signinSilentCallback() posts (IFrameWindow.notifyParent): the header's UserManager listens for exactly that
// message. This checks the message against the installed oidc-client-ts, so an upgrade that changes it fails here
// (test/e2e/silent-sign-in.test.mjs runs the whole round trip in Chromium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const library = readFileSync(
  path.join(path.dirname(createRequire(import.meta.url).resolve('oidc-client-ts')), 'oidc-client-ts.js'),
  'utf8',
);
const script = readFileSync('src/silent/loket-silent.js', 'utf8');

test("the silent callback page posts oidc-client-ts's message to its parent, on its own origin only", () => {
  const source = /var messageSource = "([^"]+)"/.exec(library)?.[1];
  assert.equal(source, 'oidc-client', 'the message source oidc-client-ts listens for');
  assert.match(library, /const msgData = \{\s*source: messageSource,\s*url,\s*keepOpen\s*\}/, 'its message fields');
  assert.match(
    library,
    /static notifyParent\(url, targetOrigin\) \{\s*return super\._notifyParent\(window\.parent, url, false/,
  );
  assert.match(
    script,
    /window\.parent\.postMessage\(\{ source: 'oidc-client', url: location\.href, keepOpen: false \}, location\.origin\)/,
  );
  const page = readFileSync('src/silent/loket-silent.html', 'utf8');
  assert.match(page, /<script src="loket-silent\.js"><\/script>/, 'its one script, beside it (no inline script)');
  assert.doesNotMatch(page, /<script>|\sstyle=|<style/, 'nothing inline: it works under a strict policy');
});
