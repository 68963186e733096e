/**
 * Runs before each test file: a fresh SQLite file made by the real migrations, and a demo-mode
 * environment whose secrets live in a temporary data folder.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll } from 'vitest'
import { closeDb } from '../../db/client.server'
import { initEnv } from '../../app/env.server'

const dir = path.resolve('tmp/vitest', `${process.pid}-${crypto.randomBytes(4).toString('hex')}`)
fs.mkdirSync(dir, { recursive: true })
process.env.DATABASE_PATH = path.join(dir, 'club.db')
process.env.DATA_DIR = dir
process.env.LOG_LEVEL = 'silent'
delete process.env.STRIPE_SECRET_KEY
delete process.env.PUBLIC_URL
delete process.env.SMTP_URL
initEnv()

afterAll(() => {
  closeDb()
  fs.rmSync(dir, { recursive: true, force: true })
})
