/** Kinds and languages for the browser bundle (the schema pulls in drizzle); a test keeps them equal to db/schema's. */
export const KINDS = ['talk', 'screening', 'reading', 'discussion', 'concert', 'training', 'exhibition', 'social'] as const
export const LANGUAGES = ['ru', 'en', 'both'] as const
export type Kind = (typeof KINDS)[number]
export type Language = (typeof LANGUAGES)[number]
export const MAX_SPEAKERS = 8
export const MAX_LINKS = 5
export const LINK_KINDS = ['website', 'telegram', 'mastodon', 'x', 'instagram', 'youtube', 'facebook', 'bluesky', 'other'] as const
export type LinkKind = (typeof LINK_KINDS)[number]
