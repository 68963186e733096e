/**
 * Reading a request body never turns into a 500: a truncated multipart body, a wrong content type
 * or garbage bytes become a 400 with a message.
 */
import { badRequest } from './http.server'

export async function readFormData(request: Request): Promise<FormData> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    throw badRequest('Expected a form submission.')
  }
  try {
    return await request.formData()
  } catch {
    throw badRequest('The form could not be read. Please try again.')
  }
}
