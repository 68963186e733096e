/** Responses for bad input. Thrown from loaders and actions; the root ErrorBoundary renders them. */
import { data } from '@remix-run/node'

/** 404. Also what a member gets who guesses a staff URL: we do not confirm that the page exists. */
export function notFound(message = '') {
  return data(message, { status: 404 })
}

/** 400 with a message the person can act on; nothing was changed. */
export function badRequest(message = '') {
  return data(message, { status: 400 })
}

export function forbidden(message = '') {
  return data(message, { status: 403 })
}
