/**
 * The real server (server.ts over the production build) in a child process, on a free port, with a
 * database file of its own. Tests talk to it over HTTP, as a browser or Stripe would.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export type AppServer = {
  url: string
  port: number
  dataDir: string
  databasePath: string
  process: ChildProcess
  output: () => string
  /** Stops the server; its data folder is removed unless `keepData` (to start again on it). */
  stop: (options?: { signal?: NodeJS.Signals; keepData?: boolean }) => Promise<number | null>
}

export async function startAppServer(
  env: Record<string, string | undefined> = {},
  options: { dataDir?: string } = {},
): Promise<AppServer> {
  const buildDir = process.env.TEST_BUILD_DIR
  if (!buildDir) throw new Error('TEST_BUILD_DIR is not set: run through vitest (tests/setup/global.ts builds the app)')
  const dataDir = options.dataDir ?? path.resolve('tmp/servers', crypto.randomBytes(6).toString('hex'))
  fs.mkdirSync(dataDir, { recursive: true })
  const databasePath = path.join(dataDir, 'club.db')
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_PATH: databasePath,
      DATA_DIR: dataDir,
      REMIX_BUILD_DIR: buildDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${out}`)), 90_000)
    const onData = () => {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    }
    child.stdout!.on('data', onData)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before listening:\n${out}`))
    })
  })

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    databasePath,
    process: child,
    output: () => out,
    async stop({ signal = 'SIGTERM', keepData = false } = {}) {
      if (child.exitCode === null) child.kill(signal)
      const code = await exited
      if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true })
      return code
    },
  }
}
