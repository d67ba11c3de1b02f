// Validators compiled from the contract, for bodies that do not come through a JSON route (the citizen's
// correction form posts the same CorrectionRequest as the API, as a form). Same options as Fastify's.

import { Ajv } from 'ajv';
import { fieldErrors, type Contract } from './contract.js';
import type { FieldError } from './problem.js';

/** Fastify's Ajv options for the service: report every error, change nothing in the value. */
export const AJV_OPTIONS = {
  allErrors: true,
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: false,
  strict: false,
} as const;

export type BodyValidator = (value: unknown) => { ok: true } | { ok: false; errors: FieldError[] };

export function createBodyValidator(contract: Contract, schemaName: string): BodyValidator {
  const validate = new Ajv(AJV_OPTIONS).compile(contract.schema(schemaName));
  return (value) => (validate(value) ? { ok: true } : { ok: false, errors: fieldErrors(validate.errors ?? []) });
}
