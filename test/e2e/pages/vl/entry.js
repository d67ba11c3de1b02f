// The Flemish entry style: mount right after the script in <head> ran, then use the client.
window.globalHeaderClient
  .mount()
  .then((mounted) => {
    window.mounted = mounted;
    return window.runFlemishCalls();
  })
  .catch((error) => {
    window.flemishError = String(error);
  });
