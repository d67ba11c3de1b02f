/** Replaces `{returnUrl}` in a sign-in or sign-out URL with the current page, so the site can send the citizen back. */
export function withReturnUrl(url: string): string {
  return url.replace('{returnUrl}', encodeURIComponent(location.href));
}
