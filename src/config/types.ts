import type { Locale } from '../i18n/locales.js';

/** A text in one language, or per language. Missing languages fall back to Dutch, then to any given one. */
export type Translatable<T> = T | Partial<Record<Locale, T>>;

export interface Link {
  label: Translatable<string>;
  href: string;
  /** Marks a link to another site: screen readers hear that it leaves the site. */
  external?: boolean;
  target?: '_blank' | '_self';
}

export type AlertVariant = 'info' | 'success' | 'warning' | 'error';

export interface AlertConfig {
  message: Translatable<string>;
  variant: AlertVariant;
  dismissible?: boolean;
}

/** Days of the week, Monday first, as opening hours are keyed. */
/** The days of opening hours, Monday first (the one list: the check and the help menu read it). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening period on a day, 24-hour `HH:MM` local time, e.g. `{ from: '09:00', to: '12:30' }`. */
export interface TimeSlot {
  from: string;
  to: string;
}

/** Opening hours per day; a day that is missing or has no slots is closed. */
export type OpeningHours = Partial<Record<Weekday, TimeSlot[]>>;

/** The kinds of help option (the one list: the type, the check and the help menu's exhaustive switch read it). */
export const HELP_KINDS = ['phone', 'email', 'link', 'hours', 'address'] as const;
export type HelpKind = (typeof HELP_KINDS)[number];

/**
 * One way to get help, shown in `<loket-help-menu>`:
 * - `phone`: `value` is the number as dialled (`+32 9 123 45 67`);
 * - `email`: `value` is the address;
 * - `link`: `value` is the URL of a chat or contact form (http(s) or relative);
 * - `address`: `value` is the postal address, lines separated by `\n`;
 * - `hours`: opening hours only (`hours` required, no `value`).
 * `hours` may also go with a phone line or an address (when it is staffed or open).
 */
export interface HelpOption {
  kind: HelpKind;
  label: Translatable<string>;
  value?: string;
  hours?: OpeningHours;
}

export type AuthConfig =
  | {
      mode: 'oidc';
      authority: string;
      clientId: string;
      scope?: string;
      callbackPath?: string;
      /**
       * Where the sign-in button of a pre-rendered header goes when no script runs: a page of the service where
       * a citizen signs in (an absolute http(s) URL). Default: `authority` itself.
       */
      signInPage?: string;
      /**
       * Try once per page load, without a click, to sign in through the provider's own session (an OIDC silent
       * sign-in, `prompt=none`, in a hidden iframe) when this tab holds no tokens: for a page served to a citizen
       * the server knows to be signed in at the provider. The provider answers on the silent callback page
       * `/loket/loket-silent.html` of this site (the header package's `dist/loket-silent.html` and
       * `loket-silent.js`, registered at the provider as a redirect URI). Fails quietly: signed out, no message.
       */
      silentSignIn?: boolean;
    }
  | {
      mode: 'host';
      /** Where the sign-in button goes; `{returnUrl}` is replaced by the current page. */
      loginUrl: string;
      /** Where sign-out goes; `{returnUrl}` is replaced by the current page. */
      logoutUrl: string;
      /** The site's URL that answers `{ user }` (200) or 401 with the site's cookies. */
      sessionUrl?: string;
      /**
       * Where "switch identity" goes (the Flemish `switchCapacityUrl`); `{returnUrl}` is replaced by the current
       * page and `{loginHint}` by the chosen identity's hint.
       */
      switchUrl?: string;
    }
  | { mode: 'none' };

export interface LoketConfig {
  municipality: {
    id: string;
    name: Translatable<string>;
    href: string;
    logo?: { src: string; alt: Translatable<string> };
  };
  /** A bundled theme id (`lindegem`) or the URL of a built theme CSS file. */
  theme?: string;
  umbrella?: { label: Translatable<string>; href: string };
  auth?: AuthConfig;
  api?: { baseUrl: string; refreshSeconds?: number };
  links?: { main?: Link[]; application?: Link[] };
  alert?: AlertConfig;
  help?: { label?: Translatable<string>; options: HelpOption[] };
}

/** A config that may be incomplete: what `configure()` takes and what survives validation of a bad config. */
export type PartialLoketConfig = {
  [K in keyof LoketConfig]?: LoketConfig[K] extends object ? Partial<LoketConfig[K]> : LoketConfig[K];
};

/** One problem found in a config: the field, the expected form, and what was there. */
export interface ConfigIssue {
  path: string;
  expected: string;
  received: string;
}
