// Copies the silent sign-in's callback page (src/silent/: an HTML page and its script, see loket-silent.js) into
// dist/, beside the drop-in, where `auth.silentSignIn: true` expects it (`/loket/loket-silent.html` on a site that
// serves dist/ under /loket/).
import { copyFileSync } from 'node:fs';

for (const file of ['loket-silent.html', 'loket-silent.js'])
  copyFileSync(new URL(`../src/silent/${file}`, import.meta.url), new URL(`../dist/${file}`, import.meta.url));
