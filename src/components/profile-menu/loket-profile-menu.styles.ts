import { css } from 'lit';
import { menuBase } from '../../internal/menu-base.styles.js';
import { hiddenLabel, visuallyHidden } from '../../internal/visually-hidden.styles.js';

export const profileMenuStyles = [
  visuallyHidden,
  menuBase,
  css`
    :host {
      --_font-family: var(
        --loket-profile-menu-font-family,
        system-ui,
        -apple-system,
        'Segoe UI',
        Roboto,
        'Helvetica Neue',
        Arial,
        'Noto Sans',
        sans-serif
      );
      --_trigger-text-color: var(--loket-profile-menu-trigger-text-color, #1b1f24);
      --_trigger-hover-background-color: var(--loket-profile-menu-trigger-hover-background-color, #e6eff9);
      --_trigger-border-radius: var(--loket-profile-menu-trigger-border-radius, 4px);
      --_avatar-background-color: var(--loket-profile-menu-avatar-background-color, #0a5fb4);
      --_avatar-text-color: var(--loket-profile-menu-avatar-text-color, #ffffff);
      --_panel-background-color: var(--loket-profile-menu-panel-background-color, #ffffff);
      --_panel-text-color: var(--loket-profile-menu-panel-text-color, #1b1f24);
      --_panel-border-color: var(--loket-profile-menu-panel-border-color, #d3d8df);
      --_muted-text-color: var(--loket-profile-menu-muted-text-color, #576070);
      --_link-text-color: var(--loket-profile-menu-link-text-color, #0a5fb4);
      --_item-hover-background-color: var(--loket-profile-menu-item-hover-background-color, #e6eff9);
      --_unread-indicator-color: var(--loket-profile-menu-unread-indicator-color, #c62828);
      --_focus-outline-color: var(--loket-profile-menu-focus-outline-color, #0a5fb4);
    }
    .trigger {
      gap: 8px;
    }
    /* A long name is cut short on the bar (the button's accessible name and the panel have it in full). */
    .trigger .name {
      max-inline-size: 256px;
      overflow: hidden;
      text-align: start;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    /* "on behalf of …" under the name, in the trigger's own colour (it sits on the bar, not the panel) */
    .acting {
      display: block;
      max-inline-size: 256px;
      overflow: hidden;
      font-size: 13px;
      line-height: 1.2;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .avatar {
      display: inline-grid;
      place-items: center;
      inline-size: 32px;
      block-size: 32px;
      border-radius: 50%;
      background: var(--_avatar-background-color);
      color: var(--_avatar-text-color);
      font-size: 13px;
      font-weight: 700;
    }
    .badge-slot {
      position: relative;
    }
    loket-notification-badge {
      position: absolute;
      inset-block-start: -9.6px;
      inset-inline-start: 19.2px;
    }
    .panel {
      inline-size: min(352px, calc(100vw - 16px), calc(100cqi - 16px));
      padding: 16px;
    }
    .full-name {
      margin: 0 0 12px;
      font-weight: 700;
      font-size: 17px;
    }
    .on-behalf-of {
      margin: -8px 0 12px;
      overflow-wrap: anywhere;
    }
    .identifier {
      color: var(--_muted-text-color);
    }
    .identities button {
      display: block;
      inline-size: 100%;
      padding: 8px;
      border: 0;
      border-radius: 4px;
      background: transparent;
      color: var(--_link-text-color);
      text-align: start;
      cursor: pointer;
    }
    .identities button:hover {
      background: var(--_item-hover-background-color);
    }
    .identity-name {
      display: block;
      overflow-wrap: anywhere;
      text-decoration: underline;
      text-underline-offset: 0.2em;
    }
    .heading {
      margin: 12px 0 4px;
      color: var(--_muted-text-color);
      font-size: 13px;
      font-weight: 600;
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .items a,
    .links a {
      display: block;
      padding: 8px;
      border-radius: 4px;
      color: inherit;
      text-decoration: none;
    }
    .items a:hover,
    .links a:hover {
      background: var(--_item-hover-background-color);
    }
    .item-title {
      display: block;
      overflow-wrap: anywhere;
    }
    .item-meta {
      display: block;
      color: var(--_muted-text-color);
      font-size: 14px;
    }
    .unread .item-title {
      font-weight: 700;
    }
    .dot {
      display: inline-block;
      inline-size: 8px;
      block-size: 8px;
      margin-inline-end: 6px;
      border-radius: 50%;
      background: var(--_unread-indicator-color);
      vertical-align: middle;
    }
    .links {
      margin-block-start: 12px;
      padding-block-start: 8px;
      border-block-start: 1px solid var(--_panel-border-color);
    }
    .links a {
      color: var(--_link-text-color);
      text-decoration: underline;
      text-underline-offset: 0.2em;
    }
    .note {
      margin: 4px 0;
      padding: 8px;
      color: var(--_muted-text-color);
    }
    .sign-out {
      margin-block-start: 12px;
      inline-size: 100%;
      min-block-size: 44px;
      padding: 8px 16px;
      border: 2px solid var(--_link-text-color);
      border-radius: var(--_trigger-border-radius);
      background: transparent;
      color: var(--_link-text-color);
      font-weight: 600;
      cursor: pointer;
    }
    .sign-out:hover {
      background: var(--_item-hover-background-color);
    }
    /* Narrow header: initials and badge only; the name stays in the accessible name. */
    @container (max-width: 480px) {
      .trigger .name {
        ${hiddenLabel}
      }
      .trigger .chevron {
        display: none;
      }
    }
    @media (forced-colors: active) {
      .sign-out,
      .identities button {
        border: 1px solid ButtonText;
      }
      .dot {
        forced-color-adjust: none;
        background: Highlight;
      }
    }
  `,
];
