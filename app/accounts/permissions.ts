/**
 * Who may do what: the one table. Every staff, door and back-office loader and action asks
 * `requirePermission(request, …)` (session.server.ts) with one of these; the navigation asks `can`
 * to decide which tabs to show. tests/accounts-staff-routes.test.ts walks every staff route with
 * every role against this table, so a page that asks the wrong question, or none, fails there.
 *
 * Roles are named for what people do at the club:
 * - member: anyone with an account (a paying member is a membership, not a role);
 * - door: admits people on event nights: tonight's names and ticket types, nothing else;
 * - staff: runs the programme: events, speakers, venues, ticket types, orders, attendees, members;
 * - admin: staff, plus people and roles, the audit log, membership plans and settings.
 * This file is shared with the browser (the navigation), so it holds no secrets, only the table.
 */
export const ROLES = ['member', 'door', 'staff', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** Roles an admin can grant or withdraw by hand ("member" comes with every account). */
export const GRANTABLE_ROLES = ['door', 'staff', 'admin'] as const satisfies readonly Role[]
export type GrantableRole = (typeof GRANTABLE_ROLES)[number]

export const PERMISSIONS = [
  /** The door: choose tonight's event, scan, search tonight's names, admit, undo, sell at the door. */
  'door.admit',
  /** Events, speakers, venues and ticket types: create, edit, publish, cancel. */
  'programme.edit',
  /** Orders and attendees, with buyers' emails; resend a confirmation. */
  'orders.view',
  /** Members and their memberships (read, export, honorary grants). */
  'members.view',
  /** People and their roles. */
  'people.manage',
  /** The audit log. */
  'audit.view',
  /** Membership plans and prices. */
  'plans.manage',
] as const
export type Permission = (typeof PERMISSIONS)[number]

const STAFF: Permission[] = ['door.admit', 'programme.edit', 'orders.view', 'members.view']

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  member: [],
  door: ['door.admit'],
  staff: STAFF,
  admin: [...STAFF, 'people.manage', 'audit.view', 'plans.manage'],
}

/** May someone with these roles do this? Nobody signed in may do nothing. */
export function can(roles: readonly string[] | null | undefined, permission: Permission): boolean {
  if (!roles) return false
  return roles.some((r) => (ROLE_PERMISSIONS[r as Role] ?? []).includes(permission))
}

/** Does this person work for the club in any way (door, staff or admin)? Decides whether /staff exists for them. */
export function worksAtClub(roles: readonly string[] | null | undefined): boolean {
  return PERMISSIONS.some((p) => can(roles, p))
}
