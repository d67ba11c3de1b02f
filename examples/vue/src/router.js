// A router in a few lines, standing in for the one an app already has (Vue Router ...).

import { shallowRef } from 'vue';

export const ROUTES = ['/', '/afval', '/aanmelden'];

const current = () => (ROUTES.includes(location.pathname) ? location.pathname : '/');

/** The current path; unknown paths show the home page. */
export const route = shallowRef(current());
window.addEventListener('popstate', () => (route.value = current()));

export function navigate(path) {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  route.value = current();
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
