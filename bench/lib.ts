/** Shared by the benchmarks: a server to measure, autocannon runs, and ratio reporting. */
import autocannon from 'autocannon'
import { startAppServer, type AppServer } from '../tests/support/app-server'

export async function startBenchServer(env: Record<string, string> = {}): Promise<AppServer> {
  return startAppServer({ BENCH_BASELINE: '1', LOG_LEVEL: 'error', ...env })
}

export type Result = { name: string; rps: number; p99: number; non2xx: number; errors: number }

export async function measure(
  name: string,
  opts: { url: string; connections?: number; duration?: number; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; requests?: autocannon.Request[]; warmup?: number },
): Promise<Result> {
  // A few seconds of the same load first, not counted: a fresh server's first requests pay for JIT
  // compilation and lazy module loading, and dominated p99. Not for POSTs, which change state.
  const warmup = opts.warmup ?? ((opts.method ?? 'GET') === 'GET' ? 3 : 0)
  if (warmup > 0) {
    await autocannon({ url: opts.url, connections: opts.connections ?? 50, duration: warmup, headers: opts.headers, requests: opts.requests })
  }
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections ?? 50,
    duration: opts.duration ?? 10,
    method: opts.method ?? 'GET',
    headers: opts.headers,
    body: opts.body,
    requests: opts.requests,
  })
  return { name, rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors }
}

export function report(baseline: Result, results: Result[]) {
  const rows = [baseline, ...results].map((r) => ({
    scenario: r.name,
    'req/s': Math.round(r.rps),
    'p99 ms': r.p99,
    'ratio to baseline (req/s)': r === baseline ? 1 : Number((r.rps / baseline.rps).toFixed(2)),
    'non-2xx': r.non2xx,
    errors: r.errors,
  }))
  console.table(rows)
}
