/** Shared with the browser: the concessions a member can claim. */
export const CONCESSION_KINDS = ['student', 'refugee', 'pensioner'] as const
