import type { AlertVariant, ConfigIssue } from '../config/types.js';
import type { Party, ProfileUser, UnreadCounts } from '../model/profile.js';
import type { SessionStatus } from '../session/types.js';

declare global {
  interface HTMLElementEventMap {
    'loket-ready': LoketReadyEvent;
    'loket-error': LoketErrorEvent;
    'loket-sign-in-request': LoketSignInRequestEvent;
    'loket-sign-out-request': LoketSignOutRequestEvent;
    'loket-alert-dismiss': LoketAlertDismissEvent;
    'loket-sign-out': LoketSignOutEvent;
    'loket-identity-switch-request': LoketIdentitySwitchRequestEvent;
    'loket-identity-switch': LoketIdentitySwitchEvent;
    'loket-session-change': LoketSessionChangeEvent;
    'loket-notifications-change': LoketNotificationsChangeEvent;
    'loket-help-toggle': LoketHelpToggleEvent;
    'loket-session-expiring': LoketSessionExpiringEvent;
    'loket-session-extend': LoketSessionExtendEvent;
  }
}

/** What can go wrong, for `loket-error`'s `code`. */
export type LoketErrorCode =
  | 'config-missing'
  | 'config-unreachable'
  | 'config-not-json'
  | 'config-invalid'
  | 'theme-load-failed'
  | 'sign-in-unavailable'
  | 'session-ended'
  | 'sign-out-incomplete'
  | 'profile-unavailable'
  | 'help-unavailable'
  | 'alert-unavailable';

/** The header rendered its config for the first time (or again after a new config). */
export class LoketReadyEvent extends Event {
  static get type() {
    return 'loket-ready' as const;
  }
  constructor() {
    super(LoketReadyEvent.type, { bubbles: true, composed: true });
  }
}

/** Something went wrong; the header goes on with what it can. `issues` lists each bad config field. */
export class LoketErrorEvent extends Event {
  static get type() {
    return 'loket-error' as const;
  }
  constructor(
    readonly code: LoketErrorCode,
    readonly message: string,
    readonly issues: readonly ConfigIssue[] = [],
  ) {
    super(LoketErrorEvent.type, { bubbles: true, composed: true });
  }
}

/** The citizen asked to sign in. Cancel it (`preventDefault()`) to take over the sign-in yourself. */
export class LoketSignInRequestEvent extends Event {
  static get type() {
    return 'loket-sign-in-request' as const;
  }
  constructor() {
    super(LoketSignInRequestEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/** The citizen asked to sign out. Cancel it (`preventDefault()`) to take over the sign-out yourself. */
export class LoketSignOutRequestEvent extends Event {
  static get type() {
    return 'loket-sign-out-request' as const;
  }
  constructor() {
    super(LoketSignOutRequestEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/**
 * Follows an uncancelled `loket-sign-out-request` from `<loket-profile-menu>`: the header that owns the menu
 * signs out. Not composed: only the owner hears it.
 */
export class LoketSignOutEvent extends Event {
  static get type() {
    return 'loket-sign-out' as const;
  }
  constructor() {
    super(LoketSignOutEvent.type, { bubbles: true, composed: false });
  }
}

/**
 * The citizen chose to act for another of their identities (`loginHint`; `onBehalfOf` undefined: for
 * themselves). Cancel it (`preventDefault()`) to take over the switch yourself; otherwise the header signs in
 * again with the identity's login hint.
 */
export class LoketIdentitySwitchRequestEvent extends Event {
  static get type() {
    return 'loket-identity-switch-request' as const;
  }
  constructor(
    readonly loginHint: string,
    readonly onBehalfOf: Readonly<Party> | undefined,
  ) {
    super(LoketIdentitySwitchRequestEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/**
 * Follows an uncancelled `loket-identity-switch-request` from `<loket-profile-menu>`: the header that owns the
 * menu switches. Not composed: only the owner hears it.
 */
export class LoketIdentitySwitchEvent extends Event {
  static get type() {
    return 'loket-identity-switch' as const;
  }
  constructor(readonly loginHint: string) {
    super(LoketIdentitySwitchEvent.type, { bubbles: true, composed: false });
  }
}

/** An alert was closed by the citizen. */
export class LoketAlertDismissEvent extends Event {
  static get type() {
    return 'loket-alert-dismiss' as const;
  }
  constructor(readonly variant: AlertVariant) {
    super(LoketAlertDismissEvent.type, { bubbles: true, composed: true });
  }
}

/** Someone signed in or out (in this tab or another). `user` is undefined when signed out. */
export class LoketSessionChangeEvent extends Event {
  static get type() {
    return 'loket-session-change' as const;
  }
  constructor(
    readonly status: SessionStatus,
    readonly user: Readonly<ProfileUser> | undefined,
  ) {
    super(LoketSessionChangeEvent.type, { bubbles: true, composed: true });
  }
}

/** The unread counts changed. `total` is what the badge shows. */
export class LoketNotificationsChangeEvent extends Event {
  static get type() {
    return 'loket-notifications-change' as const;
  }
  constructor(
    readonly unread: Readonly<UnreadCounts>,
    readonly total: number,
  ) {
    super(LoketNotificationsChangeEvent.type, { bubbles: true, composed: true });
  }
}

/** The help menu ("Hulp nodig?") opened or closed, by the citizen or through the API. */
export class LoketHelpToggleEvent extends Event {
  static get type() {
    return 'loket-help-toggle' as const;
  }
  constructor(readonly open: boolean) {
    super(LoketHelpToggleEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * The session ends soon (`expiresAt`, ms since 1970): the header warns the citizen and offers to extend it. A
 * page with a form may save a draft now.
 */
export class LoketSessionExpiringEvent extends Event {
  static get type() {
    return 'loket-session-expiring' as const;
  }
  constructor(readonly expiresAt: number) {
    super(LoketSessionExpiringEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * The citizen chose "Stay signed in" in `<loket-session-warning>`: its owner extends the session. Not composed:
 * only the owner hears it.
 */
export class LoketSessionExtendEvent extends Event {
  static get type() {
    return 'loket-session-extend' as const;
  }
  constructor() {
    super(LoketSessionExtendEvent.type, { bubbles: true, composed: false });
  }
}
