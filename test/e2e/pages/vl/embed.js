// The Flemish embed style: the header mounted itself where its script stands; the client is there after it.
window.runFlemishCalls().catch((error) => {
  window.flemishError = String(error);
});
