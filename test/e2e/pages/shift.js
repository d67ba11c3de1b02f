// Pushes the page content down 200 px after it has been painted: a layout shift the CLS helper must see.
// (Setting styles through the CSSOM is allowed under the site's strict CSP; style attributes are not.)
setTimeout(() => {
  const banner = document.createElement('div');
  banner.textContent = 'A late banner';
  banner.style.height = '200px';
  document.body.prepend(banner);
  document.body.dataset.shifted = 'yes';
}, 300);
