// The profile API's contract, openapi/profile-api.yaml, read once at start: the route schemas of params and
// bodies come from it (one source for the document, the validation and the tests).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { FieldError } from './problem.js';

export const OPENAPI_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'openapi',
  'profile-api.yaml',
);

type Json = Record<string, unknown>;

export interface Contract {
  /** a component schema with every `$ref` inlined (the document has no recursive schema) */
  schema(name: string): Json;
  /** a path parameter's schema, e.g. `ItemId` */
  parameter(name: string): Json;
}

export function loadContract(file = OPENAPI_FILE): Contract {
  const doc = parse(readFileSync(file, 'utf8')) as {
    components: { schemas: Record<string, Json>; parameters: Record<string, Json> };
  };
  const inline = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inline);
    if (value === null || typeof value !== 'object') return value;
    const object = value as Json;
    if (typeof object.$ref === 'string') {
      const name = object.$ref.split('/').at(-1)!;
      const target = doc.components.schemas[name];
      if (!target) throw new Error(`${file}: no schema ${object.$ref}`);
      return inline(target);
    }
    // `description` and `example` are documentation: Fastify's validator need not see them
    return Object.fromEntries(
      Object.entries(object)
        .filter(([key]) => key !== 'description' && key !== 'examples')
        .map(([key, v]) => [key, inline(v)]),
    );
  };
  return {
    schema(name) {
      const schema = doc.components.schemas[name];
      if (!schema) throw new Error(`${file}: no schema ${name}`);
      return inline(schema) as Json;
    },
    parameter(name) {
      const parameter = doc.components.parameters[name];
      if (!parameter) throw new Error(`${file}: no parameter ${name}`);
      return inline(parameter.schema) as Json;
    },
  };
}

/** The part of an Ajv error this module reads. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/**
 * Schema errors as the problem's `errors`: one per property (the first), in words a client can show
 * (the same words the reference backend used, which the citizen's correction form translates).
 */
export function fieldErrors(errors: readonly SchemaError[]): FieldError[] {
  const out = new Map<string, string>();
  for (const error of errors) {
    let pointer = error.instancePath;
    let detail: string;
    switch (error.keyword) {
      case 'additionalProperties':
        pointer = `${pointer}/${String(error.params.additionalProperty)}`;
        detail = 'is not a known property';
        break;
      case 'required':
        pointer = `${pointer}/${String(error.params.missingProperty)}`;
        detail = 'is required';
        break;
      case 'enum':
        detail = `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
        break;
      case 'type':
        detail = `must be ${error.params.type === 'object' ? 'an object' : `a ${String(error.params.type)}`}`;
        break;
      case 'minLength':
      case 'pattern':
        detail = 'must not be empty';
        break;
      case 'maxLength':
        detail = `must be at most ${String(error.params.limit)} characters`;
        break;
      default:
        detail = 'is not valid';
    }
    if (!out.has(pointer)) out.set(pointer, detail);
  }
  return [...out].map(([pointer, detail]) => ({ pointer, detail }));
}
