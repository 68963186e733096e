/**
 * Once per `vitest run`: build the app into a folder of this run's own, for the tests that start
 * the real server. Each such test gets a server process of its own on a free port.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

export default function setup() {
  const buildDir = path.resolve('tmp', `test-build-${process.pid}`)
  // Without VITEST in its environment, so the Vite config keeps the Remix plugin for this build.
  const { VITEST: _vitest, VITEST_MODE: _mode, VITEST_POOL_ID: _pool, VITEST_WORKER_ID: _worker, ...env } = process.env
  execFileSync('npx', ['remix', 'vite:build'], {
    env: { ...env, REMIX_BUILD_DIR: buildDir, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  process.env.TEST_BUILD_DIR = buildDir
  return () => fs.rmSync(buildDir, { recursive: true, force: true })
}
