// npm start: build the app when the sources are newer than the last build, then serve it.
// A fresh clone has no build, so its first start builds (a few seconds); later starts skip it.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const buildDir = path.resolve(root, process.env.REMIX_BUILD_DIR ?? 'build')
const stamp = path.join(buildDir, 'server/index.js')

function newest(dir) {
  let latest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs)
  }
  return latest
}

const sources = Math.max(
  newest(path.join(root, 'app')),
  newest(path.join(root, 'public')),
  ...['package-lock.json', 'remix.config.js', 'vite.config.ts'].map((f) => fs.statSync(path.join(root, f)).mtimeMs),
)
if (!fs.existsSync(stamp) || fs.statSync(stamp).mtimeMs < sources) {
  console.log('Building the app…')
  execFileSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
}

const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', ...process.env },
})
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
