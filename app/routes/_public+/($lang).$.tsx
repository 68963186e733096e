// Any URL no other route matches: a 404 rendered inside the layout, in the URL's language.
import { notFound } from '~/utils/http.server'

export function loader() {
  throw notFound()
}

export function action() {
  throw notFound()
}

export default function NotFound() {
  return null
}
