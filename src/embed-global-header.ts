/**
 * The drop-in for sites that move from the Flemish "Mijn Burgerprofiel" global header
 * (`dist/loket-global-header.js`): everything `loket-header.js` does, plus `window.globalHeaderClient`.
 * In <body> the script mounts where it stands (the Flemish embed style); in <head> it waits for
 * `globalHeaderClient.mount()` (the entry style) and mounts with the script's data-config then.
 */
import type { GlobalHeaderClient } from '@govflanders/vl-widget-global-header-types';
import type { GlobalHeaderCompat } from './compat/global-header-client.js';
import { createGlobalHeaderClientStub } from './compat/stub.js';
import { assetUrl } from './internal/assets.js';
import { startDropIn } from './internal/drop-in.js';

const dropIn = startDropIn({ headMeansLater: true });
if (dropIn) {
  window.globalHeaderClient = createGlobalHeaderClientStub(async (): Promise<GlobalHeaderClient> => {
    const url = assetUrl('loket-api.js');
    if (!url) throw new Error('loket: the URL of the Loket script is unknown, so loket-api.js cannot load');
    const module = (await import(/* @vite-ignore */ url)) as { GlobalHeaderCompat: typeof GlobalHeaderCompat };
    return new module.GlobalHeaderCompat(dropIn.loket, { config: dropIn.configForLater });
  });
}
