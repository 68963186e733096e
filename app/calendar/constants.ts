/** Kinds and languages for the browser bundle (the schema pulls in drizzle); a test keeps them equal to db/schema's. */
export const KINDS = ['talk', 'screening', 'reading', 'discussion', 'concert', 'training', 'exhibition', 'social'] as const
export const LANGUAGES = ['ru', 'en', 'both'] as const
export type Kind = (typeof KINDS)[number]
export type Language = (typeof LANGUAGES)[number]
