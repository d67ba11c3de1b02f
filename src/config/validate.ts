import { validateCoreConfig, type ValidationResult } from './validate-core.js';
import { checkHelp } from './validate-help.js';

export { validateAlert, type ValidationResult } from './validate-core.js';
export { describe, formatIssues } from './checker.js';
export { validateHelp } from './validate-help.js';

/**
 * Checks a config field by field, every field in full (the `help` options too). Never throws: a bad field
 * is reported and left out, so the header can still render what is valid.
 */
export function validateConfig(input: unknown): ValidationResult {
  return validateCoreConfig(input, checkHelp);
}
