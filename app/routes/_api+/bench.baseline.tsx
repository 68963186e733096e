// The yardstick for `npm run bench`: the smallest page and form post this app can serve, through the
// same server, root loader and layout as every real page. Absent (404) unless BENCH_BASELINE=1.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { notFound } from '~/utils/http.server'
import { readFormData } from '~/utils/form.server'

function requireBench() {
  if (process.env.BENCH_BASELINE !== '1') throw notFound()
}

export function loader(_: LoaderFunctionArgs) {
  requireBench()
  return { ok: true }
}

export async function action({ request }: ActionFunctionArgs) {
  requireBench()
  const form = await readFormData(request)
  return { ok: true, echoed: String(form.get('n') ?? '') }
}

export default function Baseline() {
  const data = useLoaderData<typeof loader>()
  return <p>{data.ok ? 'ok' : ''}</p>
}
