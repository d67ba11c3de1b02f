import { css } from 'lit';
import { menuBase } from '../../internal/menu-base.styles.js';
import { visuallyHidden } from '../../internal/visually-hidden.styles.js';

/*
 * Narrow: the button shows only its icon (the label stays its accessible name) and the panel spans the
 * header instead of hanging from the button, which on a phone may sit in the middle of the bar. With `top`
 * left at auto, the panel keeps its own vertical place under the button; its sides come from the nearest
 * positioned ancestor (the header) or the viewport.
 */
const narrow = css`
  .trigger .label {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .trigger .chevron {
    display: none;
  }
  /* Icon only, and narrower than the 44 px of the wide button (still above 24 px, WCAG 2.5.8): on a 320 px
     phone the municipality's name needs the room. */
  .trigger {
    min-inline-size: 2rem;
    padding-inline: 0.25rem;
  }
  :host {
    position: static;
  }
  .panel {
    inset-block-start: auto;
    inset-inline: 0.5rem;
    inline-size: auto;
    margin-block-start: 0.5rem;
  }
`;

export const helpMenuStyles = [
  visuallyHidden,
  menuBase,
  css`
    :host {
      --_font-family: var(--loket-help-menu-font-family, system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans',sans-serif);
      --_trigger-text-color: var(--loket-help-menu-trigger-text-color, #1b1f24);
      --_trigger-hover-background-color: var(--loket-help-menu-trigger-hover-background-color, #e6eff9);
      --_trigger-border-radius: var(--loket-help-menu-trigger-border-radius, .25rem);
      --_panel-background-color: var(--loket-help-menu-panel-background-color, #ffffff);
      --_panel-text-color: var(--loket-help-menu-panel-text-color, #1b1f24);
      --_panel-border-color: var(--loket-help-menu-panel-border-color, #d3d8df);
      --_muted-text-color: var(--loket-help-menu-muted-text-color, #576070);
      --_link-text-color: var(--loket-help-menu-link-text-color, #0a5fb4);
      --_link-hover-background-color: var(--loket-help-menu-link-hover-background-color, #e6eff9);
      --_focus-outline-color: var(--loket-help-menu-focus-outline-color, #0a5fb4);
      all: initial;
      /* ...but stay hidden while the header keeps its bar invisible (until the theme has loaded). */
      visibility: inherit;
      display: inline-block;
      position: relative;
      font-family: var(--_font-family);
      font-size: 1rem;
      line-height: 1.4;
    }
    :host([hidden]) {
      display: none;
    }
    .trigger {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      min-block-size: 2.75rem;
      min-inline-size: 2.75rem;
      justify-content: center;
      padding: 0.25rem 0.5rem;
      border: 0;
      border-radius: var(--_trigger-border-radius);
      background: transparent;
      color: var(--_trigger-text-color);
      white-space: nowrap;
      cursor: pointer;
    }
    .trigger:hover {
      background: var(--_trigger-hover-background-color);
    }
    .label {
      max-inline-size: 14rem;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .icon {
      flex: none;
      inline-size: 1.25rem;
      block-size: 1.25rem;
      fill: currentColor;
    }
    .chevron {
      flex: none;
      inline-size: 0.75rem;
      block-size: 0.75rem;
      fill: currentColor;
    }
    .trigger[aria-expanded='true'] .chevron {
      transform: rotate(180deg);
    }
    .panel {
      position: absolute;
      inset-block-start: calc(100% + 0.5rem);
      inset-inline-end: 0;
      z-index: 10;
      inline-size: min(22rem, calc(100vw - 1rem));
      max-block-size: calc(100vh - 6rem);
      overflow-y: auto;
      padding: 0.5rem 1rem;
      border: 1px solid var(--_panel-border-color);
      border-radius: 0.5rem;
      background: var(--_panel-background-color);
      color: var(--_panel-text-color);
      box-shadow: 0 0.5rem 1.5rem rgb(0 0 0 / 0.18);
    }
    .panel[hidden] {
      display: none;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .option {
      padding-block: 0.625rem;
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
      margin-block-start: 0.5rem;
      color: var(--_muted-text-color);
      font-size: 0.875rem;
      font-weight: 600;
    }
    .value {
      margin: 0.125rem 0 0;
    }
    a {
      display: inline-block;
      padding-block: 0.125rem;
      border-radius: 0.25rem;
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
      grid-template-columns: minmax(5.5rem, max-content) 1fr;
      column-gap: 1rem;
      margin: 0.25rem 0 0;
      font-size: 0.9375rem;
    }
    .day {
      display: contents;
    }
    dt,
    dd {
      margin: 0;
      padding-block: 0.0625rem;
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
    @container (max-width: 40rem) {
      ${narrow}
    }
    @media (max-width: 40rem) {
      ${narrow}
    }
    @media (prefers-reduced-motion: no-preference) {
      .chevron {
        transition: transform 150ms ease;
      }
    }
    @media (forced-colors: active) {
      .trigger {
        border: 1px solid ButtonText;
      }
      :focus-visible {
        outline-color: Highlight;
      }
    }
  `,
];
