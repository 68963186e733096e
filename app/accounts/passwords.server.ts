/**
 * Passwords: argon2id with OWASP's recommended cost (19 MiB, 2 passes, 1 lane). Only the encoded hash
 * (with its own salt and parameters) is stored. No path aliases here: the seed and the CLI import it.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2'

// Algorithm is a const enum in the typings (absent at run time): 2 is Argon2id.
const OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

/** A hash of nothing anybody knows: verified against when there is no account, so timing tells nothing. */
let dummy: Promise<string> | undefined

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummy ??= hashPassword('no account has this password, ever')
    await verify(await dummy, password).catch(() => false)
    return false
  }
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}
