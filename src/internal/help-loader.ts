import type * as Help from '../help.js';
import { lazyModule } from './lazy-module.js';

export type HelpModule = typeof Help;

const help = lazyModule<HelpModule>('loket-help.js', (module) => module.defineHelpElements());

/** How to load the help module: the drop-in imports a URL next to itself, the ESM build a relative module. */
export const setHelpLoader = help.set;

/** Loads (once) the help module and registers `<loket-help-menu>`. */
export const loadHelp = help.load;
