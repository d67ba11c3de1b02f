import { css } from 'lit';

export const sessionWarningStyles = css`
  :host {
    --_background-color: var(--loket-session-warning-background-color, #ffffff);
    --_text-color: var(--loket-session-warning-text-color, #1b1f24);
    --_border-color: var(--loket-session-warning-border-color, #d3d8df);
    --_border-radius: var(--loket-session-warning-border-radius, 4px);
    --_button-background-color: var(--loket-session-warning-button-background-color, #0a5fb4);
    --_button-text-color: var(--loket-session-warning-button-text-color, #ffffff);
    --_button-hover-background-color: var(--loket-session-warning-button-hover-background-color, #084682);
    --_secondary-button-text-color: var(--loket-session-warning-secondary-button-text-color, #0a5fb4);
    --_error-text-color: var(--loket-session-warning-error-text-color, #8a1c15);
    --_focus-outline-color: var(--loket-session-warning-focus-outline-color, #0a5fb4);
    /* No "all: initial": inside the profile menu, the dialog speaks in the menu's typeface (a token of its own
       would cost every anonymous page view bytes of theme CSS). */
    display: contents;
  }
  * {
    box-sizing: border-box;
  }
  dialog {
    /* In the top layer, but it still inherits the header's visibility (hidden while a theme loads). */
    visibility: visible;
    inline-size: min(448px, calc(100vw - 32px));
    margin: auto;
    padding: 24px;
    border: 1px solid var(--_border-color);
    border-radius: var(--_border-radius);
    background: var(--_background-color);
    color: var(--_text-color);
    font-family: inherit;
    font-size: 16px;
    line-height: 1.5;
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.25);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  h2 {
    margin: 0 0 12px;
    font-size: 20px;
    line-height: 1.3;
  }
  p {
    margin: 0 0 12px;
  }
  .failed {
    padding-inline-start: 12px;
    border-inline-start: 4px solid currentColor;
    color: var(--_error-text-color);
    font-weight: 700;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 12px;
    margin-block-start: 16px;
  }
  button {
    min-block-size: 44px;
    padding: 8px 16px;
    border: 2px solid;
    border-radius: var(--_border-radius);
    font: inherit;
    cursor: pointer;
  }
  :focus-visible {
    outline: 3px solid var(--_focus-outline-color);
    outline-offset: 2px;
  }
  .extend {
    /* the label's colour: on a light fill (a yellow brand) the outline marks the button's edge */
    border-color: var(--_button-text-color);
    background: var(--_button-background-color);
    color: var(--_button-text-color);
  }
  .extend:hover {
    background: var(--_button-hover-background-color);
  }
  .extend[aria-disabled='true'] {
    cursor: progress;
  }
  .sign-out {
    border-color: currentColor;
    background: transparent;
    color: var(--_secondary-button-text-color);
  }
  .sign-out:hover {
    text-decoration: underline;
    text-decoration-thickness: 2px;
  }
  @media (forced-colors: active) {
    dialog {
      border-color: CanvasText;
    }
    button,
    .extend,
    .sign-out {
      border-color: ButtonText;
      background: ButtonFace;
      color: ButtonText;
    }
  }
`;
