import type { RevealController } from './reveal-controller.js';

/**
 * Whether the browser has the image at hand (a preload, an earlier page, the drop-in's fetch of a `data-logo`): an
 * image from its memory cache has its size at once, and its load event would only come a task (and often a frame)
 * later.
 */
function isAtHand(src: string): boolean {
  const image = new Image();
  image.src = src;
  return image.complete && image.naturalWidth > 0;
}

/**
 * A logo has no width until it loads; showing the bar before that would move the name when it arrives. Holds
 * the bar hidden while a new logo loads (like the theme: at most three seconds). A pre-rendered logo has its
 * width and height, so nothing waits for it. Bind `settled` to the image's load and error events.
 */
export class LogoController {
  #shown?: string;
  #pending?: string;

  constructor(private readonly reveal: RevealController) {}

  /** The config's logo is `src` (`prerendered`: the server gave it its size). */
  wait(src: string | undefined, prerendered: boolean): void {
    if (!src || src === this.#shown || prerendered || isAtHand(src)) {
      this.#shown = src ?? this.#shown;
      this.#pending = undefined;
      this.reveal.release('logo');
      return;
    }
    this.#pending = src;
    this.reveal.hold('logo', this.settled);
  }

  readonly settled = (): void => {
    this.#shown = this.#pending ?? this.#shown;
    this.#pending = undefined;
    this.reveal.release('logo');
  };
}
