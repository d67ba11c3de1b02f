/**
 * Small flags that last for the browser session (sessionStorage), e.g. "this alert was dismissed".
 * Storage can be missing or refuse writes (privacy modes, sandboxed frames): then nothing is remembered.
 */
const PREFIX = 'loket:';

export function remember(key: string): void {
  try {
    sessionStorage.setItem(PREFIX + key, '1');
  } catch {
    /* not remembered: the flag simply lasts for this page view */
  }
}

export function isRemembered(key: string): boolean {
  try {
    return sessionStorage.getItem(PREFIX + key) === '1';
  } catch {
    return false;
  }
}

/** A short, stable key for a text (FNV-1a), so the stored key does not repeat the text. */
export function hashKey(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
