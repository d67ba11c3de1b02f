// The silent sign-in's callback page (`auth.silentSignIn`, served as loket-silent.html beside the drop-in): the
// header asks the provider with `prompt=none` in a hidden iframe, the provider sends that iframe here with a code
// (or `error=login_required`), and this hands the URL to the header of the page that framed it. It does what
// oidc-client-ts's signinSilentCallback() does (IFrameWindow.notifyParent: the message below, to this origin
// only), without loading oidc-client-ts; test/node/silent-page.test.mjs checks the message against the installed
// version. The header exchanges the code itself, with its DPoP key. Loaded outside a frame, it does nothing.
if (window.parent !== window)
  window.parent.postMessage({ source: 'oidc-client', url: location.href, keepOpen: false }, location.origin);
