/**
 * Loket's public classes and types. Importing this module registers nothing: import `loket-header/define`
 * (or call `defineElements()`) to register the elements.
 */
export { LoketHeader } from './components/header/loket-header.js';
export { LoketAlert } from './components/alert/loket-alert.js';
export { LoketProfileMenu } from './components/profile-menu/loket-profile-menu.js';
export { LoketNotificationBadge } from './components/notification-badge/loket-notification-badge.js';
export { LoketHelpMenu, type HelpConfig } from './components/help-menu/loket-help-menu.js';
export { LoketSessionWarning, type SessionWarningStatus } from './components/session-warning/loket-session-warning.js';
export {
  LoketReadyEvent,
  LoketErrorEvent,
  LoketSignInRequestEvent,
  LoketSignOutRequestEvent,
  LoketAlertDismissEvent,
  LoketSessionChangeEvent,
  LoketNotificationsChangeEvent,
  LoketSignOutEvent,
  LoketHelpToggleEvent,
  LoketSessionExpiringEvent,
  LoketSessionExtendEvent,
  type LoketErrorCode,
} from './events/events.js';
export type {
  LoketConfig,
  PartialLoketConfig,
  Translatable,
  Link,
  AlertConfig,
  AlertVariant,
  AuthConfig,
  HelpOption,
  OpeningHours,
  TimeSlot,
  Weekday,
  ConfigIssue,
} from './config/types.js';
export { validateConfig } from './config/validate.js';
export { setAssetBaseUrl } from './internal/assets.js';
export { defineElements } from './internal/define-elements.js';
export { defineSignedInElements } from './signed-in.js';
export { defineHelpElements } from './help.js';
export type {
  ProfileUser,
  ProfileSummary,
  ProfileItem,
  UnreadCounts,
  ItemKind,
  Party,
  Identity,
} from './model/profile.js';
export type { SessionState, SessionStatus } from './session/types.js';
export type { LoketApi, LoketEventName, LoketEventOf } from './api/loket-api.js';
export type { LoketGlobal, LoketMethods, LoketOn } from './api/stub.js';
