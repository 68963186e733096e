// Fields every door request shares, as the API contract defines them (README: "The door API").
import { z } from 'zod'

/** Made by the client, once per scan, kept with an offline scan until it is sent: 16–64 of [A-Za-z0-9_-]. */
export const doorNonce = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'nonce: 16–64 characters A–Z, a–z, 0–9, _ or -')
/** The device's own name for itself, shown to other staff ("already admitted on …"). */
export const doorDeviceId = z.string().max(64).nullable().optional()
