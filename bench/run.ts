/**
 * npm run bench: builds the app once, then runs every bench/*.bench.ts in turn. Each prints its
 * figures as ratios to the baseline route (app/routes/bench.baseline.tsx (/bench/baseline)) measured in the same run,
 * on the same machine, so the numbers mean something on any machine.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const buildDir = path.join(root, 'tmp', 'bench-build')
const { VITEST: _v, ...env } = process.env
console.log('Building the app for the benchmarks…')
execFileSync('npx', ['remix', 'vite:build'], { cwd: root, env: { ...env, REMIX_BUILD_DIR: buildDir, NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'inherit'] })

const only = process.argv.slice(2)
const files = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
for (const file of files) {
  console.log(`\n=== ${file}`)
  execFileSync(process.execPath, ['--import', 'tsx', path.join('bench', file)], {
    cwd: root,
    env: { ...process.env, TEST_BUILD_DIR: buildDir },
    stdio: 'inherit',
  })
}
