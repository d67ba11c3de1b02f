/**
 * Where Loket's built files live (the `dist/` folder): bundled themes (`themes/<id>.css`) and the module
 * that signed-in citizens need (`loket-signed-in.js`). The drop-in script sets it from its own URL, the ESM
 * `define` module from its own location; a bundler build that moves the files can set it itself.
 */
let assetBase: string | undefined;

export function setAssetBaseUrl(url: string | URL | undefined): void {
  assetBase = url === undefined ? undefined : new URL(url, document.baseURI).href;
}

/** The URL of a built file, or undefined when the asset base is unknown. */
export function assetUrl(path: string): string | undefined {
  return assetBase ? new URL(path, assetBase).href : undefined;
}
