import { css } from 'lit';
import { hiddenLabel, visuallyHidden } from '../../internal/visually-hidden.styles.js';

/*
 * The header reads only its own tokens (--loket-header-*), through private --_ variables whose fallbacks are
 * the default "loket" theme, so it looks right with no theme file at all.
 */
/**
 * The links (and the umbrella link) in a disclosure panel under the bar, opened by the Menu button: on narrow
 * screens, and whenever the links do not fit beside the brand. The open panel is a popover in the top layer
 * (see internal/popover), anchored under the bar.
 */
const collapsed = css`
  .menu-toggle {
    display: inline-flex;
  }
  .links {
    display: none;
    position: absolute;
    inset-inline: 0;
    inset-block-start: var(--_height);
    z-index: 1;
    flex-direction: column;
    align-items: stretch;
    padding: 8px var(--_padding-inline);
    background: var(--_menu-background-color);
    color: var(--_menu-text-color);
    border-block-end: 1px solid var(--_menu-border-color);
    box-shadow: 0 8px 16px rgb(0 0 0 / 0.15);
  }
  .links.open {
    display: flex;
  }
  .links:popover-open {
    position: fixed;
    position-anchor: --loket-bar;
    inset: anchor(bottom) anchor(right) auto anchor(left);
  }
  .links a {
    display: flex;
    overflow-wrap: anywhere;
  }
  .links .narrow-only {
    display: block;
  }
  .bar.has-nav > .start > .umbrella {
    display: none;
  }
  .start {
    min-inline-size: 0;
  }
`;

export const headerStyles = [
  visuallyHidden,
  css`
    :host {
      --_background-color: var(--loket-header-background-color, #ffffff);
      --_text-color: var(--loket-header-text-color, #1b1f24);
      --_border-color: var(--loket-header-border-color, #d3d8df);
      --_height: var(--loket-header-height, 64px);
      --_font-family: var(
        --loket-header-font-family,
        system-ui,
        -apple-system,
        'Segoe UI',
        Roboto,
        'Helvetica Neue',
        Arial,
        'Noto Sans',
        sans-serif
      );
      --_font-size: var(--loket-header-font-size, 16px);
      --_padding-inline: var(--loket-header-padding-inline, 16px);
      --_gap: var(--loket-header-gap, 16px);
      --_logo-height: var(--loket-header-logo-height, 40px);
      --_brand-text-color: var(--loket-header-brand-text-color, #0a5fb4);
      --_brand-font-weight: var(--loket-header-brand-font-weight, 700);
      --_umbrella-text-color: var(--loket-header-umbrella-text-color, #576070);
      --_link-text-color: var(--loket-header-link-text-color, #0a5fb4);
      --_link-hover-text-color: var(--loket-header-link-hover-text-color, #084682);
      --_link-hover-background-color: var(--loket-header-link-hover-background-color, #e6eff9);
      --_link-current-text-color: var(--loket-header-link-current-text-color, #1b1f24);
      --_focus-outline-color: var(--loket-header-focus-outline-color, #0a5fb4);
      --_button-background-color: var(--loket-header-button-background-color, #0a5fb4);
      --_button-text-color: var(--loket-header-button-text-color, #ffffff);
      --_button-hover-background-color: var(--loket-header-button-hover-background-color, #084682);
      --_button-hover-text-color: var(--loket-header-button-hover-text-color, #ffffff);
      --_button-border-radius: var(--loket-header-button-border-radius, 4px);
      --_menu-background-color: var(--loket-header-menu-background-color, #ffffff);
      --_menu-text-color: var(--loket-header-menu-text-color, #1b1f24);
      --_menu-border-color: var(--loket-header-menu-border-color, #d3d8df);

      /* Nothing of the host page's inherited styles reaches in (font, colour, line height, alignment ...). */
      all: initial;
      display: block;
      min-block-size: var(--_height);
    }
    :host([hidden]) {
      display: none;
    }
    * {
      box-sizing: border-box;
    }
    /* The size container and the positioning context, out of reach of the page's CSS (which can restyle the
       host element, even to display: inline or position: static). */
    .frame {
      position: relative;
      container: loket-header / inline-size;
    }
    .bar {
      /* The page can style the host element itself (even with !important): the bar starts afresh. "all" leaves
         out direction: every text is in a left-to-right language, whatever the page's direction. */
      all: initial;
      direction: ltr;
      box-sizing: border-box;
      display: flex;
      font-family: var(--_font-family);
      font-size: var(--_font-size);
      line-height: 1.4;
      align-items: center;
      gap: var(--_gap);
      block-size: var(--_height);
      padding-inline: var(--_padding-inline);
      background: var(--_background-color);
      color: var(--_text-color);
      border-block-end: 1px solid var(--_border-color);
      anchor-name: --loket-bar;
    }
    /* Not laid out at all while the theme or the logo is on its way (the bar keeps its height): the text is then
       shaped once, in the theme's font, not first in the default one. */
    .bar.pending > * {
      display: none;
    }
    /* Pre-rendered markup can arrive in pieces (a slow network hands a page over in parts): until the bar's last
       element is in, none of it is laid out, or the links would show at the end of the bar and slide over when
       the sign-in button arrives. (Browsers without :has() show the pieces as they come.) */
    .bar:not(:has(> .bar-complete)) > * {
      display: none;
    }
    .bar-complete {
      display: none;
    }
    a,
    button {
      font: inherit;
      color: inherit;
    }
    a:focus-visible,
    button:focus-visible,
    ::slotted(a:focus-visible) {
      outline: 3px solid var(--_focus-outline-color);
      outline-offset: 2px;
      border-radius: 2px;
    }
    .start {
      display: flex;
      align-items: center;
      gap: var(--_gap);
      flex: 1 1 auto;
      /* Links that leave the brand less than this collapse into the Menu (see LoketHeader #fit). */
      min-inline-size: min(30%, 240px);
    }
    .umbrella {
      flex: none;
      color: var(--_umbrella-text-color);
      font-size: 0.875em;
      text-decoration: none;
      padding-inline-end: var(--_gap);
      border-inline-end: 1px solid var(--_border-color);
    }
    .umbrella:hover {
      text-decoration: underline;
    }
    .brand {
      display: flex;
      align-items: center;
      gap: 12px;
      min-inline-size: 0;
      color: var(--_brand-text-color);
      font-weight: var(--_brand-font-weight);
      text-decoration: none;
    }
    a.brand:hover .name {
      text-decoration: underline;
    }
    .logo {
      flex: none;
      block-size: var(--_logo-height);
      max-block-size: calc(var(--_height) - 16px);
      inline-size: auto;
      max-inline-size: 128px;
      object-fit: contain;
    }
    .name {
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
      overflow: hidden;
      overflow-wrap: break-word;
      hyphens: auto;
    }
    nav {
      flex: none;
    }
    .menu-toggle {
      display: none;
      align-items: center;
      gap: 6px;
      min-block-size: 44px;
      padding: 8px 12px;
      border: 1px solid var(--_border-color);
      border-radius: var(--_button-border-radius);
      background: transparent;
      color: var(--_link-text-color);
      cursor: pointer;
    }
    .menu-toggle:hover {
      background: var(--_link-hover-background-color);
      color: var(--_link-hover-text-color);
    }
    .menu-toggle svg {
      inline-size: 12px;
      block-size: 12px;
      fill: currentColor;
    }
    .menu-toggle .hamburger {
      display: none;
      inline-size: 16px;
      block-size: 16px;
    }
    .menu-toggle[aria-expanded='true'] .chevron {
      transform: rotate(180deg);
    }
    .links {
      /* also what a popover gets from the browser's stylesheet */
      all: unset;
      display: flex;
      align-items: center;
      gap: 4px;
      list-style: none;
    }
    .links a {
      display: inline-flex;
      align-items: center;
      min-block-size: 44px;
      padding: 8px 12px;
      border-radius: var(--_button-border-radius);
      color: var(--_link-text-color);
      text-decoration: none;
    }
    .links a:hover {
      background: var(--_link-hover-background-color);
      color: var(--_link-hover-text-color);
      text-decoration: underline;
    }
    .links a[aria-current='page'] {
      color: var(--_link-current-text-color);
      font-weight: 700;
      text-decoration: underline;
      text-underline-offset: 0.3em;
    }
    .links .narrow-only {
      display: none;
    }
    .external-icon {
      inline-size: 0.75em;
      block-size: 0.75em;
      margin-inline-start: 0.25em;
      fill: currentColor;
    }
    .end {
      display: flex;
      align-items: center;
      gap: 8px;
      flex: none;
    }
    .sign-in {
      display: inline-flex;
      align-items: center;
      min-block-size: 44px;
      padding: 8px 16px;
      border: 2px solid transparent;
      border-radius: var(--_button-border-radius);
      background: var(--_button-background-color);
      color: var(--_button-text-color);
      font-weight: 600;
      text-decoration: none;
      white-space: nowrap;
      cursor: pointer;
    }
    .sign-in-form {
      display: contents;
    }
    .sign-in:hover {
      background: var(--_button-hover-background-color);
      color: var(--_button-hover-text-color);
    }
    .fallback {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: var(--_gap);
      flex: 1;
    }
    .fallback[hidden] {
      display: none;
    }
    ::slotted(a) {
      color: var(--_link-text-color);
    }

    /* Narrow, or links too long for the bar (the header sets .collapsed): the links collapse into the Menu. */
    @container loket-header (max-width: 768px) {
      ${collapsed}
    }
    .frame.collapsed {
      ${collapsed}
    }
    /* The open help panel spans the bar on a phone (the menu's own styles, in its shadow root, cannot name it). */
    @container loket-header (max-width: 640px) {
      loket-help-menu::part(panel):popover-open {
        position-anchor: --loket-bar;
        left: calc(anchor(left) + 8px);
        right: calc(anchor(right) + 8px);
      }
    }
    @container loket-header (max-width: 480px) {
      /* On .bar, not .frame: a container query cannot style its own container. */
      .bar {
        --_gap: 6px;
        padding-inline: 12px;
      }
      .name {
        font-size: 14px;
      }
      .logo {
        max-inline-size: 40px;
        max-block-size: 32px;
      }
      .menu-toggle,
      .sign-in {
        padding-inline: 8px;
      }
      .sign-in {
        font-size: 14px;
      }
      /* Icon only: the name of the municipality needs the room. "Menu" stays the button's name. */
      .menu-toggle {
        min-inline-size: 44px;
        justify-content: center;
      }
      .menu-toggle .hamburger {
        display: block;
      }
      .menu-toggle .chevron {
        display: none;
      }
      .toggle-label {
        ${hiddenLabel}
      }
    }
    @media (prefers-reduced-motion: no-preference) {
      .menu-toggle .chevron {
        transition: transform 150ms ease;
      }
    }
    @media (forced-colors: active) {
      .bar {
        border-block-end-color: CanvasText;
      }
      .sign-in,
      .menu-toggle {
        border: 2px solid ButtonText;
      }
      a:focus-visible,
      button:focus-visible {
        outline-color: Highlight;
      }
      .links a[aria-current='page'] {
        color: Highlight;
      }
    }
  `,
];
