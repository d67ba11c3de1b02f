/**
 * What a signed-in citizen needs and an anonymous visitor never downloads: the oidc flow (oidc-client-ts),
 * the profile API client and its summary feed, and the profile menu, badge and session warning elements. The
 * drop-in loads it as `loket-signed-in.js` next to itself; the ESM build imports it on demand.
 */
import { LoketNotificationBadge } from './components/notification-badge/loket-notification-badge.js';
import { LoketProfileMenu } from './components/profile-menu/loket-profile-menu.js';
import { LoketSessionWarning } from './components/session-warning/loket-session-warning.js';
import { defineAll } from './internal/define-all.js';

import { ProfileClient } from './backend/profile-client.js';
import { LiveSummaryFeed } from './backend/live-feed.js';
import type { FeedState, SummaryFeed } from './backend/summary-feed.js';
import type { Session } from './session/types.js';

export { SessionRuntime } from './session/runtime.js';

export function defineSignedInElements(registry: CustomElementRegistry = customElements): void {
  defineAll(
    {
      'loket-profile-menu': LoketProfileMenu,
      'loket-notification-badge': LoketNotificationBadge,
      'loket-session-warning': LoketSessionWarning,
    },
    registry,
  );
}

export interface SummaryFeedWiring {
  session: Session;
  baseUrl: string;
  refreshSeconds: number;
  subject: string;
  onChange: (state: FeedState) => void;
  onUnauthorized: () => void;
}

/**
 * A summary feed for one signed-in citizen, reading the profile API with the session's credentials, kept
 * current by the API's event stream (`me/events`).
 */
export function createSummaryFeed(wiring: SummaryFeedWiring): SummaryFeed {
  const authorize = (url: string, init: RequestInit) => wiring.session.authorize(url, init);
  const renew = () => wiring.session.renew();
  const client = new ProfileClient({ baseUrl: wiring.baseUrl, authorize, renew });
  const api = new URL(wiring.baseUrl, document.baseURI).href;
  return new LiveSummaryFeed(
    {
      client,
      subject: wiring.subject,
      channelName: `loket:summary:${api}`,
      refreshSeconds: wiring.refreshSeconds,
      onChange: wiring.onChange,
      onUnauthorized: wiring.onUnauthorized,
    },
    {
      url: new URL('me/events', api.endsWith('/') ? api : `${api}/`).href,
      authorize,
      renew,
      lockName: `loket:events:${api}`,
    },
  );
}
