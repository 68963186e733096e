// pngjs ships no types; the tests use only PNG.sync.read (to hand QR images to jsqr).
declare module 'pngjs' {
  export const PNG: { sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } } }
}
