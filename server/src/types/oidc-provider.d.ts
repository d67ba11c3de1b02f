// oidc-provider ships no type declarations; the service uses a small part of its API, typed loosely here
// (the configuration follows the library's documentation, checked by the tests).
declare module 'oidc-provider' {
  /* eslint-disable @typescript-eslint/no-explicit-any */
  export interface KoaContextWithOIDC {
    oidc: any;
    set(name: string, value: string): void;
    type: string;
    body: unknown;
    [key: string]: any;
  }
  export interface ProviderInstance {
    callback(): (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
    interactionDetails(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<any>;
    interactionFinished(
      req: import('node:http').IncomingMessage,
      res: import('node:http').ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    interactionResult(
      req: import('node:http').IncomingMessage,
      res: import('node:http').ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    createContext(
      req: import('node:http').IncomingMessage,
      res: import('node:http').ServerResponse,
    ): KoaContextWithOIDC;
    on(event: string, listener: (...args: any[]) => void): this;
    proxy: boolean;
    Session: any;
    Grant: any;
    Client: any;
    AccessToken: any;
    RefreshToken: any;
    [key: string]: any;
  }
  const Provider: new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;
  export default Provider;
  export const errors: Record<string, new (...args: any[]) => Error>;
  export const interactionPolicy: any;
}
