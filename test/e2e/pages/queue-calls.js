// Calls window.loket through the pre-load snippet of docs/api.md, before the drop-in has loaded.
const results = (window.queueResults = { loadedBefore: 'version' in window.loket, readyEvents: 0 });
window.loket
  .on('ready', () => {
    results.readyEvents += 1;
  })
  .then((off) => {
    results.offType = typeof off;
  });
window.loket.setAlert({ message: 'De wachtrij werkt', variant: 'info' }).then(
  () => (results.alertSet = true),
  (error) => (results.alertError = error.message),
);
window.loket.getConfig().then((config) => (results.municipality = config?.municipality?.id));
window.loket.setNavigationEnabled('nee').catch((error) => (results.badCall = error.message));
