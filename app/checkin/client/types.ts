/**
 * The door API's shapes as the screen reads them (the contract in issue #11; the server side lives
 * in ~/checkin and app/routes/_api+). Only what the browser needs; nothing here is secret.
 */
export type RefusalReason = 'already_checked_in' | 'other_event' | 'void' | 'unpaid' | 'unknown' | 'forged' | 'stale'

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

export type SnapshotTicket = {
  id: number
  /** SHA-256 of the ticket's code, base64url. */
  h: string
  /** SHA-256 of the order's code, base64url. */
  o: string
  name: string
  type: number
  member: boolean
  status: 'valid' | 'void' | 'unpaid'
  checkedInAt: number | null
}

export type Snapshot = {
  eventId: number
  title: string
  startsAt: number
  endsAt: number
  wipeAfter: number
  publicKey: string
  generatedAt: number
  types: { id: number; name: string }[]
  tickets: SnapshotTicket[]
  revoked: string[]
}

export type Counts = {
  admitted: number
  expected: number
  byType: { typeId: number; name: string; admitted: number; expected: number }[]
  updatedAt: number
}

export type SearchResult = { ticketId: number; holder: string; type: string; orderRef: string; checkedInAt: number | null; status: string }

/** One admission waiting to reach the server; its nonce makes a resend count once. */
export type QueuedAdmission = { nonce: string; eventId: number; code?: string; ticketId?: number; scannedAt: number; deviceId: string }

/** What the server said about an admission sent from the queue that another device had made first. */
export type SyncConflict = { nonce: string; holder: string; ourAt: number; theirAt: number | null; theirBy: string | null; theirDevice: string | null }
