import { css } from 'lit';

/**
 * What the disclosure menus (help, profile) share: border-box sizing, the page's font in buttons and links, and a
 * focus ring in the component's own `--_focus-outline-color`.
 */
export const menuBase = css`
  * {
    box-sizing: border-box;
  }
  button,
  a {
    font: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--_focus-outline-color);
    outline-offset: 2px;
  }
`;
