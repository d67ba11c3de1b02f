// Queries of the hot path (every /api/me/summary, every audit row) compiled once: Kysely builds and compiles a
// query on every call, and on a small query that costs more than running it. A prepared query is built once
// with stand-ins for its values, compiled, and from then on only its parameters are filled in: the SQL text is
// the same every time (on SQLite its statement is prepared once, sqlite-statements.ts).

import type { CompiledQuery, Compilable } from 'kysely';

/** A stand-in no caller's value can equal (a NUL byte never reaches these columns). */
const standIn = (name: string) => `\u0000prepared:${name}\u0000`;

type Slot = { name: string } | { value: unknown };

/**
 * `build` receives stand-ins for the named values (use each one where its value goes, as is: no arithmetic
 * on it, no branching on it); every other value in the query is fixed at the first call.
 */
export function prepare<P extends Record<string, unknown>, R>(
  build: (values: P) => Compilable<R>,
): (values: P) => CompiledQuery<R> {
  let compiled: CompiledQuery<R> | undefined;
  let slots: Slot[] = [];
  return (values) => {
    if (!compiled) {
      const names = new Map<string, string>();
      const standIns = new Proxy({} as P, {
        get(_, name) {
          const text = standIn(String(name));
          names.set(text, String(name));
          return text;
        },
      });
      compiled = build(standIns).compile();
      slots = compiled.parameters.map((p) =>
        typeof p === 'string' && names.has(p) ? { name: names.get(p)! } : { value: p },
      );
    }
    const parameters = slots.map((slot) => ('name' in slot ? values[slot.name] : slot.value));
    return { ...compiled, parameters };
  };
}
