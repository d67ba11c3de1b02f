// The mock-ups of the citizen's pages (/preview/pages/): applies the theme and the language chosen in the
// switcher (?theme=havenstad&lang=fr) before the header starts. Loaded with `defer` before the deferred drop-in
// script, so the header reads its config once. The service's real pages get their theme from the municipality
// the citizen came from; they need no script for it.
(() => {
  const THEMES = ['lindegem', 'havenstad', 'kasteelberg', 'loket'];
  const LANGS = ['nl', 'fr', 'en', 'de'];
  const params = new URLSearchParams(location.search);
  const theme = THEMES.includes(params.get('theme')) ? params.get('theme') : 'lindegem';
  const lang = LANGS.includes(params.get('lang')) ? params.get('lang') : 'nl';

  // The header follows the document's language.
  document.documentElement.lang = lang;
  document.getElementById('loket-theme').href = `/loket/themes/${theme}.css`;
  document.getElementById('loket-page-theme').href = `/loket/themes/${theme}.page.css`;
  const header = document.querySelector('loket-header');
  header.setAttribute('config', `/preview/pages/config/${theme}.json`);
  document.body.dataset.theme = theme;

  // The municipality's logo and name in the page itself (a letter's head).
  fetch(`/preview/pages/config/${theme}.json`)
    .then((response) => response.json())
    .then((config) => {
      const name = config.municipality.name[lang] ?? config.municipality.name.nl;
      for (const img of document.querySelectorAll('img[data-municipality-logo]')) {
        img.src = config.municipality.logo.src;
        img.alt = config.municipality.logo.alt[lang] ?? config.municipality.logo.alt.nl;
      }
      for (const el of document.querySelectorAll('[data-municipality-name]')) el.textContent = name;
      document.body.dataset.ready = 'true';
    })
    .catch(() => {
      document.body.dataset.ready = 'true';
    });

  // Links between the mock-ups keep the chosen theme and language.
  const query = `?theme=${theme}&lang=${lang}`;
  for (const a of document.querySelectorAll('a[href$=".html"], a[href="./"]')) {
    if (!/^[a-z]+:/.test(a.getAttribute('href'))) a.setAttribute('href', a.getAttribute('href') + query);
  }
  // The switcher shows the current choice.
  for (const [name, value] of [
    ['theme', theme],
    ['lang', lang],
  ]) {
    const select = document.querySelector(`#preview-switcher select[name="${name}"]`);
    if (select) select.value = value;
  }
})();
