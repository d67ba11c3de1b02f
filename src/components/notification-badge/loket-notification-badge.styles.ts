import { css } from 'lit';
import { visuallyHidden } from '../../internal/visually-hidden.styles.js';

export const notificationBadgeStyles = [
  visuallyHidden,
  css`
    :host {
      --_background-color: var(--loket-notification-badge-background-color, #c62828);
      --_text-color: var(--loket-notification-badge-text-color, #ffffff);
      --_border-color: var(--loket-notification-badge-border-color, #ffffff);
      --_font-family: var(
        --loket-notification-badge-font-family,
        system-ui,
        -apple-system,
        'Segoe UI',
        Roboto,
        'Helvetica Neue',
        Arial,
        'Noto Sans',
        sans-serif
      );
      all: initial;
      display: inline-flex;
    }
    :host([hidden]) {
      display: none;
    }
    .badge {
      box-sizing: border-box;
      display: inline-grid;
      place-items: center;
      min-inline-size: 20px;
      block-size: 20px;
      padding-inline: 4.8px;
      border: 2px solid var(--_border-color);
      border-radius: 999px;
      background: var(--_background-color);
      color: var(--_text-color);
      font-family: var(--_font-family);
      font-size: 12px;
      font-weight: 700;
      line-height: 1;
      font-variant-numeric: tabular-nums;
    }
    @media (forced-colors: active) {
      .badge {
        border-color: CanvasText;
        forced-color-adjust: none;
        background: Highlight;
        color: HighlightText;
      }
    }
  `,
];
