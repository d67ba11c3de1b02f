// The host page's own script: proves that the page keeps working whatever the header does.
window.hostScriptRan = true;
const button = document.getElementById('host-button');
const output = document.getElementById('host-output');
let clicks = 0;
button?.addEventListener('click', () => {
  clicks += 1;
  if (output) output.value = `clicked ${clicks}`;
});
