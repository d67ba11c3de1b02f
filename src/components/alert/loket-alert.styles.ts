import { css } from 'lit';
import { visuallyHidden } from '../../internal/visually-hidden.styles.js';

export const alertStyles = [
  visuallyHidden,
  css`
    :host {
      --_font-family: var(
        --loket-alert-font-family,
        system-ui,
        -apple-system,
        'Segoe UI',
        Roboto,
        'Helvetica Neue',
        Arial,
        'Noto Sans',
        sans-serif
      );
      --_font-size: var(--loket-alert-font-size, 16px);
      --_padding-block: var(--loket-alert-padding-block, 12px);
      --_padding-inline: var(--loket-alert-padding-inline, 16px);
      --_focus-outline-color: var(--loket-alert-focus-outline-color, #0a5fb4);
      --_background-color: var(--loket-alert-info-background-color, #e6eff9);
      --_text-color: var(--loket-alert-info-text-color, #063a6b);
      --_border-color: var(--loket-alert-info-border-color, #0a5fb4);
      all: initial;
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
    :host([variant='success']) {
      --_background-color: var(--loket-alert-success-background-color, #e7f4ea);
      --_text-color: var(--loket-alert-success-text-color, #1a5230);
      --_border-color: var(--loket-alert-success-border-color, #2e7d46);
    }
    :host([variant='warning']) {
      --_background-color: var(--loket-alert-warning-background-color, #fff4d6);
      --_text-color: var(--loket-alert-warning-text-color, #5c3f00);
      --_border-color: var(--loket-alert-warning-border-color, #b78103);
    }
    :host([variant='error']) {
      --_background-color: var(--loket-alert-error-background-color, #fdecea);
      --_text-color: var(--loket-alert-error-text-color, #8a1c15);
      --_border-color: var(--loket-alert-error-border-color, #c62828);
    }
    .alert {
      direction: ltr; /* "all: initial" on :host leaves direction to the page */
      display: flex;
      align-items: flex-start;
      gap: 12px;
      box-sizing: border-box;
      padding: var(--_padding-block) var(--_padding-inline);
      border-block-end: 3px solid var(--_border-color);
      background: var(--_background-color);
      color: var(--_text-color);
      font-family: var(--_font-family);
      font-size: var(--_font-size);
      line-height: 1.5;
    }
    .icon {
      flex: none;
      inline-size: 20px;
      block-size: 20px;
      margin-block-start: 2px;
      fill: currentColor;
    }
    .message {
      flex: 1;
      min-inline-size: 0;
      overflow-wrap: anywhere;
    }
    .close {
      flex: none;
      display: inline-grid;
      place-items: center;
      inline-size: 44px;
      block-size: 44px;
      margin-block: -10px;
      margin-inline-end: -8px;
      padding: 0;
      border: 0;
      border-radius: 4px;
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
    .close:hover {
      background: color-mix(in srgb, currentColor 12%, transparent);
    }
    .close:focus-visible {
      outline: 3px solid var(--_focus-outline-color);
      outline-offset: -3px;
    }
    .close svg {
      inline-size: 16px;
      block-size: 16px;
      fill: currentColor;
    }
    @media (forced-colors: active) {
      .alert {
        border: 1px solid CanvasText;
      }
      .close {
        border: 1px solid ButtonText;
      }
      .close:focus-visible {
        outline-color: Highlight;
      }
    }
  `,
];
