/**
 * Text as people type it, made safe to store and show to others. Used by every form's schema (and,
 * as a second guard, by readFormData for every field of every form).
 *
 * Removed everywhere: control characters (NUL and the rest of U+0000–U+001F, DEL, U+0080–U+009F),
 * which no name or title contains and which break logs, CSV exports, emails and .ics files; and the
 * bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), which
 * reorder the text around them: "‮gpj.exe" shows as "exe.jpg", a name can turn the rest of a
 * list line backwards. Hebrew, Arabic and Russian letters are untouched, and so are the
 * left-to-right and right-to-left marks (U+200E, U+200F, U+061C): they set the direction of
 * neighbouring punctuation in right-to-left text, open no scope and reorder nothing beyond it.
 *
 * Single-line fields (names, titles) lose tabs and line breaks too (each run becomes one space);
 * multi-line fields (descriptions, bios) keep tabs and line breaks, with CRLF made LF.
 */
import { z } from 'zod'

// Everything in C0 but tab, LF and CR; DEL; C1; the bidi embeddings, overrides and isolates.
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g
const LINE_BREAKS = /[\t\n\r\u2028\u2029]+/g

/** A multi-line text (a description, a bio): unsafe characters removed, line breaks kept as LF. */
export function cleanMultiline(value: string): string {
  return value.replace(UNSAFE, '').replace(/\r\n?/g, '\n')
}

/** A single-line text (a name, a title): unsafe characters removed, tabs and line breaks become spaces. */
export function cleanLine(value: string): string {
  return value.replace(UNSAFE, '').replace(LINE_BREAKS, ' ')
}

/** A zod string for a single-line field; chain .trim(), .min(), .max() as usual. */
export const lineText = (params?: Parameters<typeof z.string>[0]) => z.string(params).overwrite(cleanLine)

/** A zod string for a multi-line field. */
export const multilineText = (params?: Parameters<typeof z.string>[0]) => z.string(params).overwrite(cleanMultiline)
