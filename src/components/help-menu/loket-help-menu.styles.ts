import { css } from 'lit';
import { menuBase } from '../../internal/menu-base.styles.js';
import { hiddenLabel, visuallyHidden } from '../../internal/visually-hidden.styles.js';

/*
 * Narrow: the button shows only its icon (the label stays its accessible name) and the panel spans the
 * header instead of hanging from the button, which on a phone may sit in the middle of the bar. With `top`
 * left at auto, the panel keeps its own vertical place under the button; its sides come from the nearest
 * positioned ancestor (the header) or the viewport.
 */
const narrow = css`
  .trigger .label {
    ${hiddenLabel}
  }
  .trigger .chevron {
    display: none;
  }
  /* Icon only, and narrower than the 44 px of the wide button (still above 24 px, WCAG 2.5.8): on a 320 px
     phone the municipality's name needs the room. */
  .trigger {
    min-inline-size: 32px;
    padding-inline: 4px;
  }
  :host {
    position: static;
  }
  .panel {
    inset-block-start: auto;
    inset-inline: 8px;
    inline-size: auto;
    margin-block-start: 8px;
  }
  /* In the top layer: as wide as the viewport (less 8 px each side), under the button. */
  .panel:popover-open {
    inset-inline: 8px;
    margin-block-start: 0;
  }
`;

export const helpMenuStyles = [
  visuallyHidden,
  menuBase,
  css`
    :host {
      --_font-family: var(
        --loket-help-menu-font-family,
        system-ui,
        -apple-system,
        'Segoe UI',
        Roboto,
        'Helvetica Neue',
        Arial,
        'Noto Sans',
        sans-serif
      );
      --_trigger-text-color: var(--loket-help-menu-trigger-text-color, #1b1f24);
      --_trigger-hover-background-color: var(--loket-help-menu-trigger-hover-background-color, #e6eff9);
      --_trigger-border-radius: var(--loket-help-menu-trigger-border-radius, 4px);
      --_panel-background-color: var(--loket-help-menu-panel-background-color, #ffffff);
      --_panel-text-color: var(--loket-help-menu-panel-text-color, #1b1f24);
      --_panel-border-color: var(--loket-help-menu-panel-border-color, #d3d8df);
      --_muted-text-color: var(--loket-help-menu-muted-text-color, #576070);
      --_link-text-color: var(--loket-help-menu-link-text-color, #0a5fb4);
      --_link-hover-background-color: var(--loket-help-menu-link-hover-background-color, #e6eff9);
      --_focus-outline-color: var(--loket-help-menu-focus-outline-color, #0a5fb4);
      /* After the shared fresh start (all: initial), stay hidden while the header keeps its bar invisible (until
         the theme has loaded). */
      visibility: inherit;
    }
    :host([hidden]) {
      display: none;
    }
    .trigger {
      gap: 6px;
      min-inline-size: 44px;
      justify-content: center;
      white-space: nowrap;
    }
    .label {
      max-inline-size: 224px;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .icon {
      flex: none;
      inline-size: 20px;
      block-size: 20px;
      fill: currentColor;
    }
    .chevron {
      flex: none;
    }
    .panel {
      inline-size: min(352px, calc(100vw - 16px));
      max-block-size: calc(100vh - 96px);
      overflow-y: auto;
      padding: 8px 16px;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .option {
      padding-block: 10px;
      overflow-wrap: anywhere;
    }
    .option + .option {
      border-block-start: 1px solid var(--_panel-border-color);
    }
    .option-label,
    .hours-heading {
      margin: 0;
      font-weight: 700;
    }
    .hours-heading {
      margin-block-start: 8px;
      color: var(--_muted-text-color);
      font-size: 14px;
      font-weight: 600;
    }
    .value {
      margin: 2px 0 0;
    }
    a {
      display: inline-block;
      padding-block: 2px;
      border-radius: 4px;
      color: var(--_link-text-color);
      text-decoration: underline;
      text-underline-offset: 0.2em;
    }
    a:hover {
      background: var(--_link-hover-background-color);
    }
    .link a {
      font-weight: 700;
    }
    .address {
      font-style: normal;
    }
    .hours {
      display: grid;
      grid-template-columns: minmax(88px, max-content) 1fr;
      column-gap: 16px;
      margin: 4px 0 0;
      font-size: 15px;
    }
    .day {
      display: contents;
    }
    dt,
    dd {
      margin: 0;
      padding-block: 1px;
    }
    dt::first-letter {
      text-transform: uppercase;
    }
    .closed {
      color: var(--_muted-text-color);
    }
    .today dt,
    .today dd {
      font-weight: 700;
    }
    .slot {
      display: block;
    }
    @container (max-width: 640px) {
      ${narrow}
    }
    @media (max-width: 640px) {
      ${narrow}
    }
  `,
];
