// Records, where the parser runs this script, what of the header the page already has (test/e2e/embedding).
const root = document.querySelector('loket-header')?.shadowRoot;
const bar = root?.querySelector('.bar');
window.headerAtParse = bar && {
  name: root.querySelector('.name')?.textContent,
  links: [...root.querySelectorAll('nav a')].map((a) => a.textContent.trim()),
  pending: bar.classList.contains('pending'),
  background: getComputedStyle(bar).backgroundColor,
  mainParsed: document.getElementById('inhoud') !== null,
};
