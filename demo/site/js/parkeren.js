// The parking page embeds Loket through its JavaScript API: the page decides where and when the header
// appears. The drop-in script (loaded before this one) defines window.loket; here the page reads the
// site's config and mounts the header in the reserved slot.
(async () => {
  const loket = window.loket;
  if (!loket) {
    // The drop-in did not load (offline, blocked): the page works on without a header.
    console.warn('parkeren: Loket is not available; the page is shown without the header');
    return;
  }
  let config;
  try {
    const response = await fetch('/loket.json', { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    config = await response.json();
  } catch (error) {
    // Without the site config, show at least the name and the home link.
    console.warn(`parkeren: /loket.json could not be read (${error.message}); showing a minimal header`);
    config = { municipality: { id: 'lindegem', name: 'Gemeente Lindegem', href: '/' } };
  }
  await loket.mount('#header-slot', config);
})();
