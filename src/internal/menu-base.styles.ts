import { css } from 'lit';

/**
 * What the disclosure menus (help, profile) share: border-box sizing, the page's font in buttons and links, a
 * focus ring in the component's own `--_focus-outline-color`, and the open panel's place.
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
  /* Open, the panel is a popover in the top layer (see internal/popover): under its button, ending at the
     button's right edge, never below the viewport (it scrolls inside). Anchor names are scoped to the shadow root. */
  .trigger {
    anchor-name: --loket-menu-trigger;
  }
  .panel:popover-open {
    position: fixed;
    position-anchor: --loket-menu-trigger;
    inset: calc(anchor(bottom) + 8px) anchor(right) 8px auto;
    block-size: fit-content;
    max-block-size: stretch;
    margin: 0;
    overflow: auto;
  }
`;
