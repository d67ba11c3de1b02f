import type { GlobalHeaderClient } from '@govflanders/vl-widget-global-header-types';
import { loadOnce } from '../internal/load-once.js';

/**
 * `window.globalHeaderClient` as the compatibility script sets it: every method of the Flemish interface is
 * there at once (the Flemish entry style calls `mount()` right after the script), and the implementation
 * loads with `loket-api.js` on the first call (once; after a failure, the next call tries again). The type annotation makes the checker prove the interface.
 */
export function createGlobalHeaderClientStub(load: () => Promise<GlobalHeaderClient>): GlobalHeaderClient {
  const loaded = loadOnce(load);
  const later =
    <A extends unknown[], R>(call: (client: GlobalHeaderClient, ...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      loaded().then((client) => call(client, ...args));
  return {
    mount: later((c, element?: HTMLElement) => c.mount(element)),
    unmount: later((c) => c.unmount()),
    getConfig: later((c) => c.getConfig()),
    setNavigationEnabled: later((c, enabled: boolean) => c.setNavigationEnabled(enabled)),
    accessMenu: {
      setMainLinks: later((c, ...a: Parameters<GlobalHeaderClient['accessMenu']['setMainLinks']>) =>
        c.accessMenu.setMainLinks(...a),
      ),
      addApplicationMenuLink: later((c, ...a: Parameters<GlobalHeaderClient['accessMenu']['addApplicationMenuLink']>) =>
        c.accessMenu.addApplicationMenuLink(...a),
      ),
      addApplicationMenuLinks: later(
        (c, ...a: Parameters<GlobalHeaderClient['accessMenu']['addApplicationMenuLinks']>) =>
          c.accessMenu.addApplicationMenuLinks(...a),
      ),
      setApplicationMenuLinks: later(
        (c, ...a: Parameters<GlobalHeaderClient['accessMenu']['setApplicationMenuLinks']>) =>
          c.accessMenu.setApplicationMenuLinks(...a),
      ),
      setProfile: later((c, ...a: Parameters<GlobalHeaderClient['accessMenu']['setProfile']>) =>
        c.accessMenu.setProfile(...a),
      ),
      getProfile: later((c) => c.accessMenu.getProfile()),
      getApplicationName: later((c) => c.accessMenu.getApplicationName()),
      setApplicationName: later((c, ...a: Parameters<GlobalHeaderClient['accessMenu']['setApplicationName']>) =>
        c.accessMenu.setApplicationName(...a),
      ),
      setVisibility: later((c, visible: boolean) => c.accessMenu.setVisibility(visible)),
    },
    branding: {
      getLevel: later((c) => c.branding.getLevel()),
      setLevel: later((c, level: number) => c.branding.setLevel(level)),
      getColors: later((c) => c.branding.getColors()),
      getColor: later((c, ...a: Parameters<GlobalHeaderClient['branding']['getColor']>) => c.branding.getColor(...a)),
      setColors: later((c, ...a: Parameters<GlobalHeaderClient['branding']['setColors']>) =>
        c.branding.setColors(...a),
      ),
      setColor: later((c, ...a: Parameters<GlobalHeaderClient['branding']['setColor']>) => c.branding.setColor(...a)),
      getHost: later((c) => c.branding.getHost()),
      setHost: later((c, ...a: Parameters<GlobalHeaderClient['branding']['setHost']>) => c.branding.setHost(...a)),
      getUmbrella: later((c) => c.branding.getUmbrella()),
      setUmbrella: later((c, ...a: Parameters<GlobalHeaderClient['branding']['setUmbrella']>) =>
        c.branding.setUmbrella(...a),
      ),
      getVariables: later((c) => c.branding.getVariables()),
    },
    contact: {
      getServicePoints: later((c) => c.contact.getServicePoints()),
      setServicePoints: later((c, ...a: Parameters<GlobalHeaderClient['contact']['setServicePoints']>) =>
        c.contact.setServicePoints(...a),
      ),
      resetServicePoints: later((c) => c.contact.resetServicePoints()),
      open: later((c, ...a: Parameters<GlobalHeaderClient['contact']['open']>) => c.contact.open(...a)),
      close: later((c) => c.contact.close()),
      toggle: later((c) => c.contact.toggle()),
      isOpen: later((c) => c.contact.isOpen()),
    },
  };
}
