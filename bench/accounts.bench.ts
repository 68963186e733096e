/**
 * Accounts: what signing in costs. argon2id (19 MiB, 2 passes) is slow on purpose, so POST /login is
 * expected to be far below the baseline; pages for a signed-in person (a session lookup per request)
 * should stay close to it.
 */
import { hashPassword } from '../app/accounts/passwords.server'
import { DEMO, signIn } from '../tests/support/sign-in'
import { measure, report, startBenchServer } from './lib'

const t0 = performance.now()
for (let i = 0; i < 10; i++) await hashPassword(`password number ${i}`)
console.log(`argon2id hash: ${((performance.now() - t0) / 10).toFixed(1)} ms each (mean of 10, one at a time)`)

const app = await startBenchServer()
try {
  const cookie = await signIn(app, DEMO.member.email, DEMO.member.password)
  const baseline = await measure('GET /bench/baseline', { url: `${app.url}/bench/baseline`, duration: 5 })
  const results = [
    await measure('GET /login (anonymous)', { url: `${app.url}/login`, duration: 5 }),
    await measure('GET /account (signed in)', { url: `${app.url}/account`, duration: 5, headers: { cookie } }),
    await measure('POST /login (right password, argon2id)', {
      url: `${app.url}/login`,
      duration: 5,
      connections: 4,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'password', email: DEMO.member.email, password: DEMO.member.password }).toString(),
    }),
  ]
  report(baseline, results)
  console.log('(POST /login answers 302 on success, counted as non-2xx by autocannon.)')
} finally {
  await app.stop()
}
