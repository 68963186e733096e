/** Shared with the browser: the concessions a member can claim. */
export const CONCESSION_KINDS = ['student', 'refugee', 'pensioner'] as const

/** A membership's states as the account page and staff name them. */
export const MEMBERSHIP_STATES = ['active', 'cancelling', 'payment_problem', 'honorary', 'lapsed', 'pending'] as const
