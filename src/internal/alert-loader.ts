import type * as Alert from '../alert.js';
import { lazyModule } from './lazy-module.js';

export type AlertModule = typeof Alert;

const alert = lazyModule<AlertModule>('loket-alert.js', (module) => module.defineAlertElements());

/** How to load the alert module: the drop-in imports a URL next to itself, the ESM build a relative module. */
export const setAlertLoader = alert.set;

/** Loads (once) the alert module and registers `<loket-alert>`. */
export const loadAlert = alert.load;
