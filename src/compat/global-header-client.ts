import type {
  AccessMenuMethods,
  AlertModifier,
  ApplicationMenuLink,
  Authorization,
  BrandingConfigColors,
  BrandingConfigHost,
  BrandingConfigUmbrella,
  BrandingMethods,
  Config,
  ContactMethods,
  Entity,
  GlobalHeaderClient,
  MainLink,
  ProfileConfig,
  ServicePoints,
  Translatable,
} from '@govflanders/vl-widget-global-header-types';
import type { LoketMethods } from '../api/stub.js';
import { translate } from '../config/translate.js';
import type { AuthConfig, HelpOption, Link, LoketConfig, PartialLoketConfig } from '../config/types.js';
import { DEFAULT_LOCALE, toLocale } from '../i18n/locales.js';
import { hashKey } from '../internal/session-memory.js';
import type { Identity, Party, ProfileUser } from '../model/profile.js';
import { COLOR_TOKENS, contrast, darker, parseColor } from './colors.js';
import { toFlemishLink, toLoketLink } from './links.js';
import { isRecord } from '../config/checker.js';
import { badArgument, OnceReporter } from './report.js';
import { enrich, fromHelpOptions, toHelpOptions } from './service-points.js';
import { byLanguage, primaryVariant } from './translatable.js';

/** Flemish entity codes as Loket's kinds of party. */
const PARTY_KIND: Record<Entity['code'], Party['kind']> = {
  BUR: 'person',
  EA: 'company',
  VER: 'association',
  GID: 'organisation',
  LB: 'organisation',
  OV: 'organisation',
};

function toParty(entity: Entity | undefined): Party | undefined {
  if (!entity) return undefined;
  const name = entity.code === 'BUR' ? `${entity.firstName} ${entity.name}`.trim() : entity.name;
  return {
    kind: PARTY_KIND[entity.code] ?? 'organisation',
    name,
    ...(entity.identifier && { identifier: entity.identifier }),
  };
}

/** Acting for someone else: the party on whose behalf, else the mandate giver. Absent: for oneself. */
function actingFor(authorization: Authorization | undefined): Party | undefined {
  return toParty(authorization?.onBehalfOf ?? authorization?.mandateGiver);
}

export interface GlobalHeaderCompatOptions {
  /** The config of the script in <head> (the Flemish entry style: its data-config URL or data-*), for `mount()`. */
  config?: string | PartialLoketConfig;
}

/**
 * `window.globalHeaderClient`: the Flemish Global Header client interface, mapped onto `window.loket`, so a
 * site that embeds "Mijn Burgerprofiel" can switch its script tag and keep its code. Calls with no Loket
 * equivalent resolve false and say why, once, on the console; bad arguments reject naming the argument.
 */
export class GlobalHeaderCompat implements GlobalHeaderClient {
  readonly #loket: LoketMethods;
  readonly #options: GlobalHeaderCompatOptions;
  readonly #report = new OnceReporter();
  #profile: Partial<ProfileConfig> = {};
  #servicePoints?: Translatable<ServicePoints>;
  /** The config's own help, to return to on resetServicePoints(); undefined until the first change. */
  #configuredHelp?: { help: LoketConfig['help'] | null };
  #applicationName?: Translatable<string>;
  #colors: Partial<BrandingConfigColors> = {};

  readonly accessMenu: AccessMenuMethods;
  readonly branding: BrandingMethods;
  readonly contact: ContactMethods;

  constructor(loket: LoketMethods, options: GlobalHeaderCompatOptions = {}) {
    this.#loket = loket;
    this.#options = options;
    this.accessMenu = {
      setMainLinks: (links) => this.#setLinks('accessMenu.setMainLinks', 'main', links, 'replace').then(() => true),
      addApplicationMenuLink: (link) => {
        if (!isRecord(link))
          return badArgument('accessMenu.addApplicationMenuLink', 'link', 'an object { label, href, target? }');
        return this.#setLinks('accessMenu.addApplicationMenuLink', 'application', [link], 'append');
      },
      addApplicationMenuLinks: (links) =>
        this.#setLinks('accessMenu.addApplicationMenuLinks', 'application', links, 'append'),
      setApplicationMenuLinks: (links) =>
        this.#setLinks('accessMenu.setApplicationMenuLinks', 'application', links, 'replace'),
      setProfile: (profile) => this.#setProfile(profile),
      getProfile: async () => structuredClone(this.#profile),
      getApplicationName: async () => {
        const name = this.#applicationName;
        return name === undefined ? '' : typeof name === 'string' ? name : primaryVariant(name);
      },
      setApplicationName: async (name) => {
        if (typeof name !== 'string' && !byLanguage(name)) {
          return badArgument(
            'accessMenu.setApplicationName',
            'applicationName',
            'a string, or { nl, fr, en, de } strings',
          );
        }
        this.#applicationName = name;
        return this.#report.unsupported(
          'accessMenu.setApplicationName',
          "Loket's profile menu shows no application name (it is kept and returned by getApplicationName)",
        );
      },
      setVisibility: async (visible) => {
        if (typeof visible !== 'boolean') return badArgument('accessMenu.setVisibility', 'visibility', 'true or false');
        await this.#loket.setAccountVisible(visible);
        return true;
      },
    };
    this.branding = {
      getLevel: async () => 4,
      setLevel: async (level) => {
        if (![1, 2, 3, 4].includes(level))
          return badArgument('branding.setLevel', 'level', 'a branding level: 1, 2, 3 or 4');
        return (
          level === 4 ||
          this.#report.unsupported(
            'branding.setLevel',
            `Loket is the header of a local government (level 4); level ${level} belongs to the Flemish government's own sites`,
          )
        );
      },
      getColors: () => this.#getColors(),
      getColor: async (type) => {
        if (type !== 'primary' && type !== 'functional')
          return badArgument('branding.getColor', 'type', '"primary" or "functional"');
        return (await this.#getColors())[type];
      },
      setColors: (colors) => {
        if (!isRecord(colors))
          return badArgument('branding.setColors', 'colors', 'an object { primary?, functional? } of CSS colours');
        return this.#setColors('branding.setColors', colors);
      },
      setColor: (args) => {
        if (!isRecord(args) || (args.type !== 'primary' && args.type !== 'functional')) {
          return badArgument(
            'branding.setColor',
            'args',
            'an object { type: "primary" | "functional", value: a CSS colour }',
          );
        }
        return this.#setColors('branding.setColor', { [args.type]: args.value });
      },
      getHost: async () => this.#host(await this.#config()),
      setHost: (host) => this.#setHost(host),
      getUmbrella: async () => {
        const umbrella = (await this.#config())?.umbrella;
        return umbrella ? { label: this.#text(umbrella.label), href: umbrella.href ?? '' } : {};
      },
      setUmbrella: (umbrella) => this.#setUmbrella(umbrella),
      getVariables: () => this.#loket.getTokens(),
    };
    this.contact = {
      getServicePoints: async () => {
        if (this.#servicePoints !== undefined) {
          const points = byLanguage(this.#servicePoints);
          return enrich(points ? primaryVariant(points) : (this.#servicePoints as ServicePoints), this.#report);
        }
        return fromHelpOptions((await this.#config())?.help?.options ?? [], (label) => this.#text(label));
      },
      setServicePoints: (points) => this.#setServicePoints(points),
      resetServicePoints: async () => {
        if (this.#configuredHelp)
          await this.#loket.configure({ help: this.#configuredHelp.help as LoketConfig['help'] });
        this.#servicePoints = undefined;
        return true;
      },
      open: async (channel) => {
        if (channel !== undefined && channel !== 'chat' && channel !== 'mail')
          return badArgument('contact.open', 'channel', '"chat", "mail" or undefined');
        if (channel)
          this.#report.note(
            'contact.open',
            `Loket opens the help menu; it has no ${channel} panel of its own (the menu links to the site's)`,
          );
        return this.#loket.setHelpOpen(true);
      },
      close: async () => {
        await this.#loket.setHelpOpen(false);
        return true;
      },
      toggle: async () => {
        const open = !(await this.#loket.isHelpOpen());
        return (await this.#loket.setHelpOpen(open)) && open;
      },
      isOpen: () => this.#loket.isHelpOpen(),
    };
  }

  /**
   * Mounts the header in `element` (or at the top of the page) with the config of the script's `data-config`
   * (entry style) or the one already in the page. Resolves false, saying why, when it cannot.
   */
  async mount(element?: HTMLElement): Promise<boolean> {
    if (element !== undefined && element !== null && !(element instanceof HTMLElement)) {
      return badArgument('mount', 'element', 'an HTMLElement or undefined');
    }
    try {
      await this.#loket.mount(element ?? undefined, this.#options.config);
      return true;
    } catch (error) {
      console.error(`loket: globalHeaderClient.mount: ${(error as Error).message}`);
      return false;
    }
  }

  unmount(): Promise<boolean> {
    return this.#loket.unmount();
  }

  /** Disabled: only the municipality's name shows, no links, menus or sign-in (as the Flemish header does). */
  async setNavigationEnabled(enabled: boolean): Promise<boolean> {
    if (typeof enabled !== 'boolean') return badArgument('setNavigationEnabled', 'enabled', 'true or false');
    await this.#loket.setNavigationEnabled(enabled);
    return true;
  }

  /** The header's config in the Flemish shape (branding, alert, the access menu and contact extensions). */
  async getConfig(): Promise<Config> {
    const config = await this.#config();
    if (!config)
      throw new Error('globalHeaderClient.getConfig: no header is mounted; call globalHeaderClient.mount() first');
    const alert = config.alert;
    const modifier: AlertModifier = alert?.variant === 'info' || !alert ? 'warning' : alert.variant;
    const links = config.links ?? {};
    return {
      branding: {
        level: 4,
        colors: await this.#getColors(),
        host: this.#host(config),
        ...(config.umbrella && {
          umbrella: { label: this.#text(config.umbrella.label), href: config.umbrella.href ?? '' },
        }),
      },
      alert: { enabled: alert !== undefined, message: alert ? this.#text(alert.message) : '', modifier },
      extensions: [
        {
          pluginTypeId: 'citizen_profile',
          session: { application: { sessionSupport: (config.auth?.mode ?? 'none') !== 'none' } },
          application: {
            isMainCapacity: false,
            mainCapacityCode: 'BUR',
            name: await this.accessMenu.getApplicationName(),
          },
          mainLinks: (links.main ?? []).map(toFlemishLink),
          applicationMenu: (links.application ?? []).map(toFlemishLink),
        },
        { pluginTypeId: 'contact', servicePoints: await this.contact.getServicePoints() },
      ],
    };
  }

  async #config(): Promise<PartialLoketConfig | undefined> {
    return this.#loket.getConfig();
  }

  #text(value: Translatable<string> | undefined): string {
    const locale = toLocale(document.documentElement.lang) ?? DEFAULT_LOCALE;
    return translate(value, locale) ?? '';
  }

  async #setLinks(
    method: string,
    group: 'main' | 'application',
    links: Translatable<MainLink | ApplicationMenuLink>[],
    how: 'replace' | 'append',
  ): Promise<Translatable<ApplicationMenuLink>[]> {
    if (!Array.isArray(links)) return badArgument(method, 'links', 'an array of { label, href, isExternal?, target? }');
    const bad = links.findIndex((link) => !isRecord(link));
    if (bad >= 0)
      return badArgument(method, `links[${bad}]`, 'an object { label, href } or { nl: { label, href }, fr: … }');
    const mapped = links.map((link) => toLoketLink(link, method, this.#report));
    const current = how === 'append' ? ((await this.#config())?.links?.[group] ?? []) : [];
    const next: Link[] = [...current, ...mapped];
    const config = await this.#configure(method, { links: { [group]: next } });
    return (config.links?.[group] ?? []).map(toFlemishLink) as Translatable<ApplicationMenuLink>[];
  }

  async #setProfile(profile: Partial<ProfileConfig>): Promise<boolean> {
    const method = 'accessMenu.setProfile';
    if (!isRecord(profile))
      return badArgument(
        method,
        'profileConfig',
        'an object { active, loginUrl, logoutUrl, switchCapacityUrl?, idpData? }',
      );
    if (profile.active !== undefined && typeof profile.active !== 'boolean')
      return badArgument(method, 'profileConfig.active', 'true or false');
    const user = profile.idpData?.user;
    const active = profile.active ?? this.#profile.active ?? false;
    if (
      active &&
      profile.idpData !== undefined &&
      (!isRecord(user) || typeof user.firstName !== 'string' || typeof user.name !== 'string')
    ) {
      return badArgument(method, 'profileConfig.idpData.user', 'an object { firstName, name } of strings');
    }
    const config = await this.#config();
    if (config?.auth?.mode === 'oidc') {
      return this.#report.unsupported(
        method,
        'this header signs citizens in itself (auth.mode "oidc"); setProfile is for sites that own the session (auth.mode "host")',
      );
    }
    const current: Partial<Extract<AuthConfig, { mode: 'host' }>> = config?.auth?.mode === 'host' ? config.auth : {};
    const auth = {
      mode: 'host' as const,
      loginUrl: profile.loginUrl ?? current.loginUrl,
      logoutUrl: profile.logoutUrl ?? current.logoutUrl,
      ...((profile.switchCapacityUrl ?? current.switchUrl) && {
        switchUrl: profile.switchCapacityUrl ?? current.switchUrl,
      }),
      ...(current.sessionUrl && { sessionUrl: current.sessionUrl }),
    };
    if (!auth.loginUrl)
      return badArgument(method, 'profileConfig.loginUrl', 'the URL of the sign-in page (none is configured yet)');
    if (!auth.logoutUrl)
      return badArgument(method, 'profileConfig.logoutUrl', 'the URL of the sign-out page (none is configured yet)');
    await this.#configure(method, { auth: auth as AuthConfig });
    this.#profile = { ...this.#profile, ...structuredClone(profile), active };
    const idpData = this.#profile.idpData;
    if (!active || !idpData?.user) {
      if (active)
        this.#report.note(
          method,
          'active without idpData.user: Loket shows a profile menu only when it knows the name',
        );
      await this.#loket.setSession({ user: null });
      return true;
    }
    await this.#loket.setSession({ user: this.#userOf(idpData) });
    return true;
  }

  /** The citizen as Loket shows them; the id is a digest (the Flemish profile has none, and no personal data is kept). */
  #userOf(idpData: NonNullable<ProfileConfig['idpData']>): ProfileUser {
    const { firstName, name } = idpData.user;
    const active = idpData.activeIdentity;
    const onBehalfOf = actingFor(active);
    const identities: Identity[] = (idpData.identities ?? [])
      .filter(
        (identity): identity is Authorization & { loginHint: string } =>
          typeof identity.loginHint === 'string' && identity.loginHint !== '',
      )
      .map((identity) => {
        const party = actingFor(identity);
        return { loginHint: identity.loginHint, ...(party && { onBehalfOf: party }) };
      });
    if ((idpData.identities?.length ?? 0) > identities.length) {
      this.#report.note(
        'accessMenu.setProfile',
        'identities without a loginHint cannot be switched to and are not listed',
      );
    }
    return {
      id: `flemish-${hashKey(`${firstName}\u0000${name}\u0000${active?.loginHint ?? ''}`)}`,
      givenName: firstName,
      familyName: name,
      ...(onBehalfOf && { onBehalfOf }),
      ...(identities.length > 0 && { identities }),
    };
  }

  async #getColors(): Promise<BrandingConfigColors> {
    const tokens = await this.#loket.getTokens();
    return {
      primary: this.#colors.primary ?? tokens[COLOR_TOKENS.primary.tokens[0]] ?? '',
      functional: this.#colors.functional ?? tokens[COLOR_TOKENS.functional.tokens[0]] ?? '',
    };
  }

  /**
   * Paints the Flemish colours onto Loket's tokens after checking each against the colours drawn with it
   * (WCAG 2.1 AA, 4.5:1). A colour that fails is not used: the call resolves false and says which pair failed.
   */
  async #setColors(method: string, colors: Partial<BrandingConfigColors>): Promise<boolean> {
    const tokens = await this.#loket.getTokens();
    const updates: Record<string, string> = {};
    for (const [type, value] of Object.entries(colors) as [keyof BrandingConfigColors, unknown][]) {
      if (!(type in COLOR_TOKENS)) return badArgument(method, type, 'one of "primary", "functional"');
      if (value === undefined) continue;
      const color = typeof value === 'string' ? parseColor(value) : undefined;
      if (!color)
        return badArgument(method, type, 'a CSS colour in hex, rgb() or by name, such as "#0055cc" or "rgb(0 85 204)"');
      const target = COLOR_TOKENS[type];
      for (const pair of target.pairs) {
        const partner = tokens[pair.against] ? parseColor(tokens[pair.against]) : undefined;
        if (!partner) continue;
        const ratio = contrast(color, partner);
        if (ratio < pair.minimum) {
          console.error(
            `loket: globalHeaderClient.${method}: ${type} ${value} is not used: ${pair.as} (${pair.against}: ${tokens[pair.against]}) has a contrast of ${ratio.toFixed(2)}:1, below ${pair.minimum}:1 (WCAG 2.1 AA)`,
          );
          return false;
        }
      }
      const css = (value as string).trim();
      for (const token of target.tokens) updates[token] = css;
      for (const token of target.hover) updates[token] = darker(css);
    }
    await this.#loket.setTokens(updates);
    this.#colors = { ...this.#colors, ...(colors as Partial<BrandingConfigColors>) };
    return true;
  }

  #host(config: PartialLoketConfig | undefined): Partial<BrandingConfigHost> {
    const municipality = config?.municipality;
    if (!municipality) return {};
    const logo = municipality.logo;
    return {
      label: this.#text(municipality.name),
      href: municipality.href ?? '',
      logo: logo ? { src: logo.src, alt: this.#text(logo.alt) } : null,
    };
  }

  async #setHost(host: Partial<BrandingConfigHost>): Promise<boolean> {
    const method = 'branding.setHost';
    if (!isRecord(host)) return badArgument(method, 'host', 'an object { label?, href?, logo? }');
    if (host.target) this.#report.note(method, 'the home link always opens in the same window; target is not used');
    const municipality: Partial<LoketConfig['municipality']> = {};
    if (host.label !== undefined) municipality.name = host.label;
    if (host.href !== undefined) municipality.href = host.href;
    if (host.logo === null) (municipality as Record<string, unknown>).logo = null;
    else if (host.logo !== undefined) {
      if (!isRecord(host.logo) || !host.logo.src)
        return badArgument(method, 'host.logo', 'null, or an object { src, alt } (srcSet is not used)');
      municipality.logo = { src: host.logo.src, alt: host.logo.alt ?? '' };
    }
    await this.#configure(method, { municipality });
    return true;
  }

  async #setUmbrella(umbrella: Partial<BrandingConfigUmbrella>): Promise<boolean> {
    const method = 'branding.setUmbrella';
    if (!isRecord(umbrella)) return badArgument(method, 'umbrella', 'an object { label, href }');
    if (umbrella.target)
      this.#report.note(method, 'the umbrella link always opens in the same window; target is not used');
    const current = (await this.#config())?.umbrella;
    const label = umbrella.label ?? current?.label;
    const href = umbrella.href ?? current?.href;
    if (!label) return badArgument(method, 'umbrella.label', 'a non-empty string');
    if (!href) return badArgument(method, 'umbrella.href', 'an http(s) or relative URL');
    await this.#configure(method, { umbrella: { label, href } });
    return true;
  }

  async #setServicePoints(points: Translatable<ServicePoints>): Promise<Translatable<ServicePoints>> {
    const method = 'contact.setServicePoints';
    if (!isRecord(points))
      return badArgument(method, 'servicePoints', 'an object { contextual?, defaults? } (or one per language)');
    const variants = byLanguage(points) ?? { nl: points as ServicePoints };
    for (const [language, variant] of Object.entries(variants)) {
      for (const list of ['contextual', 'defaults'] as const) {
        const value = variant?.[list];
        if (value !== undefined && value !== null && !Array.isArray(value)) {
          return badArgument(
            method,
            byLanguage(points) ? `servicePoints.${language}.${list}` : `servicePoints.${list}`,
            'an array of service points, or null',
          );
        }
      }
    }
    const options: HelpOption[] = toHelpOptions(points, this.#report);
    const current = (await this.#config())?.help; // getConfig() answers with a copy
    this.#configuredHelp ??= { help: current ?? null };
    const help = options.length > 0 ? { ...(current?.label && { label: current.label }), options } : null;
    await this.#configure(method, { help: help as LoketConfig['help'] });
    this.#servicePoints = structuredClone(points);
    return points;
  }

  /** Applies a change with `loket.configure()`; a field Loket's validation refuses rejects, named for `method`. */
  async #configure(method: string, partial: PartialLoketConfig): Promise<PartialLoketConfig> {
    try {
      return await this.#loket.configure(partial);
    } catch (error) {
      throw new TypeError(
        `globalHeaderClient.${method}: ${(error as Error).message.replace(/^loket\.configure: /, '')}`,
      );
    }
  }
}
