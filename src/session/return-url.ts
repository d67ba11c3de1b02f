/**
 * Replaces `{returnUrl}` in a sign-in or sign-out URL with the current page (or `page`, e.g. the page a server
 * renders the header for), so the site can send the citizen back.
 */
export function withReturnUrl(url: string, page: string = location.href): string {
  return url.replace('{returnUrl}', encodeURIComponent(page));
}
