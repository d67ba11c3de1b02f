/**
 * URLs from config or a backend may only be http(s) or relative. Anything else (`javascript:`, `data:`,
 * `vbscript:`, protocol-relative tricks with control characters ...) is refused.
 */
export function isSafeUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() === '') return false;
  // Browsers strip tabs/newlines and leading control/space characters before parsing a scheme.
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  if (scheme && !/^https?$/i.test(scheme[1])) return false;
  // It must also parse (e.g. `https://"><img src=x>` does not), or code that resolves it later would throw.
  try {
    new URL(value, 'https://loket.invalid/');
    return true;
  } catch {
    return false;
  }
}
