/**
 * Messages between the tabs of one site about one session: a new tab asks who is signed in, a tab that
 * signed in, renewed or signed out tells the others, a tab without the refresh token asks the one that holds it
 * to renew. Same-origin only (BroadcastChannel).
 */
export type TabMessage =
  | { type: 'hello' }
  /**
   * `user`: oidc-client-ts's storage string without the refresh token (access and ID tokens only: the refresh
   * token never leaves the tab that holds it). `clockOffset`: the sender's measure of this browser's clock
   * against the provider's (ms; one clock for all tabs).
   */
  | { type: 'user'; user: string; generation: number; clockOffset?: number }
  /** A tab whose tokens are of `generation` needs new ones (`force`: even when they are not due). */
  | { type: 'renew'; generation: number; force: boolean }
  /** The holder answers a `renew` at once, then sends `user`, or `renew-failed` (the provider unreachable). */
  | { type: 'renewing'; generation: number }
  | { type: 'renew-failed'; generation: number }
  /** `ended`: not a sign-out, the session is no longer accepted or has run out (every tab says so). */
  | { type: 'signed-out'; ended?: boolean };

export function sessionChannelName(authority: string, clientId: string) {
  return `loket:session:${authority}:${clientId}`;
}

/** The user storage key oidc-client-ts uses in sessionStorage (its WebStorageStateStore prefix is "oidc."). */
export function oidcUserKey(authority: string, clientId: string) {
  return `oidc.user:${authority}:${clientId}`;
}

/**
 * Asks the other tabs for a signed-in user; resolves with the first answer, or undefined after `waitMs`.
 * Costs no network request, so an anonymous page can afford it.
 */
export function askOtherTabs(
  channelName: string,
  waitMs = 150,
): Promise<{ user: string; generation: number } | undefined> {
  if (typeof BroadcastChannel === 'undefined') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const channel = new BroadcastChannel(channelName);
    const finish = (answer?: { user: string; generation: number }) => {
      clearTimeout(timer);
      channel.close();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(), waitMs);
    channel.onmessage = (event: MessageEvent<TabMessage>) => {
      if (event.data?.type === 'user' && typeof event.data.user === 'string') finish(event.data);
    };
    channel.postMessage({ type: 'hello' } satisfies TabMessage);
  });
}
