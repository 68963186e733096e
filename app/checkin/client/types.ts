/**
 * The door API's shapes as the screen reads them (the contract in issue #11; the server side lives
 * in ~/checkin and app/routes/_api+). Only what the browser needs; nothing here is secret.
 */
export type { RefusalReason } from '../door.server'
import type { RefusalReason } from '../door.server'

export type TicketSummary = { id?: number; holder: string; type: string; member?: boolean; orderRef?: string }

export type Verdict = {
  status: 'admitted' | 'refused' | 'member_card'
  reason?: RefusalReason
  ticket?: TicketSummary
  checkedInAt?: number | null
  by?: { name?: string | null; deviceId?: string | null } | null
  conflict?: boolean
  card?: { valid: boolean; name?: string | null; plan?: string | null; validUntil?: string | null }
  /** Judged on this device, without the server. */
  offline?: boolean
  /** A valid signature for a ticket sold after this device took its list. */
  notOnList?: boolean
}

/** The door API's own shapes (type-only: nothing of the server module reaches the browser). */
export type { DoorCounts as Counts, DoorSnapshot as Snapshot, SearchResult } from '../door.server'

/** One admission waiting to reach the server; its nonce makes a resend count once. */
export type QueuedAdmission = { nonce: string; eventId: number; code?: string; ticketId?: number; scannedAt: number; deviceId: string }

/** What the server said about an admission sent from the queue that another device had made first. */
export type SyncConflict = { nonce: string; holder: string; ourAt: number; theirAt: number | null; theirBy: string | null; theirDevice: string | null }
