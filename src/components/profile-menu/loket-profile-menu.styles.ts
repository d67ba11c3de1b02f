import { css } from 'lit';
import { menuBase } from '../../internal/menu-base.styles.js';
import { visuallyHidden } from '../../internal/visually-hidden.styles.js';

export const profileMenuStyles = [
  visuallyHidden,
  menuBase,
  css`
    :host {
      --_font-family: var(--loket-profile-menu-font-family, system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans',sans-serif);
      --_trigger-text-color: var(--loket-profile-menu-trigger-text-color, #1b1f24);
      --_trigger-hover-background-color: var(--loket-profile-menu-trigger-hover-background-color, #e6eff9);
      --_trigger-border-radius: var(--loket-profile-menu-trigger-border-radius, .25rem);
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
      all: initial;
      display: inline-block;
      position: relative;
      font-family: var(--_font-family);
      font-size: 1rem;
      line-height: 1.4;
    }
    .trigger {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      min-block-size: 2.75rem;
      padding: 0.25rem 0.5rem;
      border: 0;
      border-radius: var(--_trigger-border-radius);
      background: transparent;
      color: var(--_trigger-text-color);
      cursor: pointer;
    }
    .trigger:hover {
      background: var(--_trigger-hover-background-color);
    }
    .trigger .name {
      text-align: start;
    }
    /* "on behalf of …" under the name, in the trigger's own colour (it sits on the bar, not the panel) */
    .acting {
      display: block;
      max-inline-size: 16rem;
      overflow: hidden;
      font-size: 0.8125rem;
      line-height: 1.2;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .avatar {
      display: inline-grid;
      place-items: center;
      inline-size: 2rem;
      block-size: 2rem;
      border-radius: 50%;
      background: var(--_avatar-background-color);
      color: var(--_avatar-text-color);
      font-size: 0.8125rem;
      font-weight: 700;
    }
    .badge-slot {
      position: relative;
    }
    loket-notification-badge {
      position: absolute;
      inset-block-start: -0.6rem;
      inset-inline-start: 1.2rem;
    }
    .chevron {
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
      inline-size: min(22rem, calc(100vw - 1rem), calc(100cqi - 1rem));
      padding: 1rem;
      border: 1px solid var(--_panel-border-color);
      border-radius: 0.5rem;
      background: var(--_panel-background-color);
      color: var(--_panel-text-color);
      box-shadow: 0 0.5rem 1.5rem rgb(0 0 0 / 0.18);
    }
    .panel[hidden] {
      display: none;
    }
    .full-name {
      margin: 0 0 0.75rem;
      font-weight: 700;
      font-size: 1.0625rem;
    }
    .on-behalf-of {
      margin: -0.5rem 0 0.75rem;
      overflow-wrap: anywhere;
    }
    .identifier {
      color: var(--_muted-text-color);
    }
    .identities button {
      display: block;
      inline-size: 100%;
      padding: 0.5rem;
      border: 0;
      border-radius: 0.25rem;
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
      margin: 0.75rem 0 0.25rem;
      color: var(--_muted-text-color);
      font-size: 0.8125rem;
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
      padding: 0.5rem;
      border-radius: 0.25rem;
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
      font-size: 0.875rem;
    }
    .unread .item-title {
      font-weight: 700;
    }
    .dot {
      display: inline-block;
      inline-size: 0.5rem;
      block-size: 0.5rem;
      margin-inline-end: 0.375rem;
      border-radius: 50%;
      background: var(--_unread-indicator-color);
      vertical-align: middle;
    }
    .links {
      margin-block-start: 0.75rem;
      padding-block-start: 0.5rem;
      border-block-start: 1px solid var(--_panel-border-color);
    }
    .links a {
      color: var(--_link-text-color);
      text-decoration: underline;
      text-underline-offset: 0.2em;
    }
    .note {
      margin: 0.25rem 0;
      padding: 0.5rem;
      color: var(--_muted-text-color);
    }
    .sign-out {
      margin-block-start: 0.75rem;
      inline-size: 100%;
      min-block-size: 2.75rem;
      padding: 0.5rem 1rem;
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
    @container (max-width: 30rem) {
      .trigger .name {
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
    }
    @media (prefers-reduced-motion: no-preference) {
      .chevron {
        transition: transform 150ms ease;
      }
    }
    @media (forced-colors: active) {
      .trigger,
      .sign-out,
      .identities button {
        border: 1px solid ButtonText;
      }
      .dot {
        forced-color-adjust: none;
        background: Highlight;
      }
      :focus-visible {
        outline-color: Highlight;
      }
    }
  `,
];
