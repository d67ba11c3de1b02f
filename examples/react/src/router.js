// A router in a few lines, standing in for the one an app already has (React Router, TanStack Router ...).

import { useSyncExternalStore } from 'react';

export const ROUTES = ['/', '/afval', '/aanmelden'];

function subscribe(onChange) {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

/** The current path, re-rendering on navigation. Unknown paths show the home page. */
export function useRoute() {
  return useSyncExternalStore(subscribe, () => (ROUTES.includes(location.pathname) ? location.pathname : '/'));
}

export function navigate(path) {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/**
 * Client-side navigation for every same-origin link of the app, including the header's: its links live in
 * its shadow root, so the click's composed path names the link, not `event.target`.
 */
export function interceptLinkClicks(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return;
  const link = event.composedPath().find((node) => node instanceof HTMLAnchorElement);
  if (!link || link.target || link.origin !== location.origin || !ROUTES.includes(link.pathname)) return;
  event.preventDefault();
  navigate(link.pathname);
}
