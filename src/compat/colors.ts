import type { BrandingConfigColors } from '@govflanders/vl-widget-global-header-types';
// Module by module: the package's index registers every colour space it knows (about 15 KB gzip more).
import ColorSpace from 'colorjs.io/src/ColorSpace.js';
import contrastWCAG21 from 'colorjs.io/src/contrast/WCAG21.js';
import getColor from 'colorjs.io/src/getColor.js';
import serialize from 'colorjs.io/src/serialize.js';
import OKLCH from 'colorjs.io/src/spaces/oklch.js';
import sRGB from 'colorjs.io/src/spaces/srgb.js';
import to from 'colorjs.io/src/to.js';
import type { PlainColorObject } from 'colorjs.io/fn';

ColorSpace.register(sRGB);
ColorSpace.register(OKLCH);

/**
 * Where the two Flemish branding colours go among Loket's tokens. `functional` (links and buttons) paints
 * link text on the bar and in the menus, focus rings and the sign-in button. `primary` (in the Flemish header
 * the contact button's background; Loket's help button has none, it follows the bar) is the brand accent: the
 * line under the bar and the avatar's circle. Each colour is checked against the colours drawn with it first.
 */
export const COLOR_TOKENS: Record<keyof BrandingConfigColors, { tokens: string[]; hover: string[]; pairs: { against: string; minimum: number; as: string }[] }> = {
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

/** The colour, or undefined when it is not a CSS colour colorjs.io can read (sRGB: hex, rgb(), hsl(), names). */
export function parseColor(value: string): PlainColorObject | undefined {
  try {
    return to(getColor(value), sRGB);
  } catch {
    return undefined;
  }
}

export function contrast(a: PlainColorObject, b: PlainColorObject): number {
  return contrastWCAG21(a, b);
}

/** A darker shade for hover states (OKLCH lightness 0.08 lower), as sRGB hex. */
export function darker(color: PlainColorObject): string {
  const oklch = to(color, OKLCH);
  const shade = { ...oklch, coords: [Math.max(0, oklch.coords[0]! - 0.08), oklch.coords[1], oklch.coords[2]] as typeof oklch.coords };
  return serialize(to(shade, sRGB), { format: 'hex', inGamut: true });
}

export function hex(color: PlainColorObject): string {
  return serialize(color, { format: 'hex', inGamut: true });
}
