// What "who looked at my data" (issue 14) needs to know of a staff member: their role, never their name. The
// audit log names staff as `staff:<id>`; whoever keeps the staff accounts (the staff sign-in) supplies a
// StaffDirectory to startService({ staffDirectory }). Without one, every staff member is "a municipal staff
// member" to the citizen.

/** The staff roles the citizen's pages name; any other role reads as "a municipal staff member". */
export const KNOWN_STAFF_ROLES = Object.freeze(['behandelaar', 'security-consultant'] as const);
export type KnownStaffRole = (typeof KNOWN_STAFF_ROLES)[number];

export interface StaffDirectory {
  /**
   * The role of the staff member whose audit rows say `staff:<staffId>` (e.g. `behandelaar`,
   * `security-consultant`), or undefined when unknown (a removed account, no directory). Called once per
   * staff id per page of the access log.
   */
  roleOf(staffId: string): Promise<string | undefined>;
}

/** Knows nobody: the default until a staff directory is supplied. */
export const NO_STAFF_DIRECTORY: StaffDirectory = Object.freeze({ roleOf: async () => undefined });

export const isKnownStaffRole = (role: string | undefined): role is KnownStaffRole =>
  (KNOWN_STAFF_ROLES as readonly string[]).includes(role ?? '');
