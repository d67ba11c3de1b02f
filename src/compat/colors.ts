import type { BrandingConfigColors } from '@govflanders/vl-widget-global-header-types';
// Module by module: the package's index registers every colour space it knows, and its conversions pull in gamut
// mapping; parsing and the WCAG contrast need only sRGB (about 4 KB gzip instead of 15).
import ColorSpace from 'colorjs.io/src/ColorSpace.js';
import contrastWCAG21 from 'colorjs.io/src/contrast/WCAG21.js';
import getColor from 'colorjs.io/src/getColor.js';
import sRGB from 'colorjs.io/src/spaces/srgb.js';
import type { PlainColorObject } from 'colorjs.io/fn';

ColorSpace.register(sRGB);

/**
 * Where the two Flemish branding colours go among Loket's tokens. `functional` (links and buttons) paints
 * link text on the bar and in the menus, focus rings and the sign-in button. `primary` (in the Flemish header
 * the contact button's background; Loket's help button has none, it follows the bar) is the brand accent: the
 * line under the bar and the avatar's circle. Each colour is checked against the colours drawn with it first.
 */
export const COLOR_TOKENS: Record<
  keyof BrandingConfigColors,
  { tokens: string[]; hover: string[]; pairs: { against: string; minimum: number; as: string }[] }
> = {
  functional: {
    tokens: [
      '--loket-header-link-text-color',
      '--loket-header-brand-text-color',
      '--loket-header-focus-outline-color',
      '--loket-header-button-background-color',
      '--loket-profile-menu-link-text-color',
      '--loket-profile-menu-focus-outline-color',
      '--loket-help-menu-link-text-color',
      '--loket-help-menu-focus-outline-color',
    ],
    hover: ['--loket-header-link-hover-text-color', '--loket-header-button-hover-background-color'],
    pairs: [
      { against: '--loket-header-background-color', minimum: 4.5, as: 'link text on the header background' },
      { against: '--loket-header-button-text-color', minimum: 4.5, as: "the sign-in button's text on it" },
      { against: '--loket-profile-menu-panel-background-color', minimum: 4.5, as: 'link text on the profile menu' },
      { against: '--loket-help-menu-panel-background-color', minimum: 4.5, as: 'link text on the help menu' },
    ],
  },
  primary: {
    tokens: ['--loket-header-border-color', '--loket-profile-menu-avatar-background-color'],
    hover: [],
    pairs: [{ against: '--loket-profile-menu-avatar-text-color', minimum: 4.5, as: "the avatar's initials on it" }],
  },
};

/** The colour, or undefined when it is not a CSS colour colorjs.io can read in sRGB (hex, rgb(), names). */
export function parseColor(value: string): PlainColorObject | undefined {
  try {
    const color = getColor(value);
    return color.space === sRGB ? color : undefined;
  } catch {
    return undefined;
  }
}

export function contrast(a: PlainColorObject, b: PlainColorObject): number {
  return contrastWCAG21(a, b);
}

/** A darker shade for hover states, left to the browser: the colour with a fifth of black, mixed in Oklab. */
export function darker(value: string): string {
  return `color-mix(in oklab, ${value} 80%, black)`;
}
