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

export interface HelpOption {
  kind: 'phone' | 'email' | 'link' | 'hours' | 'address';
  label: Translatable<string>;
  value: string;
}

export type AuthConfig =
  | { mode: 'oidc'; authority: string; clientId: string; scope?: string; callbackPath?: string }
  | {
      mode: 'host';
      /** Where the sign-in button goes; `{returnUrl}` is replaced by the current page. */
      loginUrl: string;
      /** Where sign-out goes; `{returnUrl}` is replaced by the current page. */
      logoutUrl: string;
      /** The site's URL that answers `{ user }` (200) or 401 with the site's cookies. */
      sessionUrl?: string;
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
