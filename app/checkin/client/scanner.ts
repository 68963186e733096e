/**
 * The phone's camera reading ticket QR codes: the browser's own BarcodeDetector where it exists
 * (Chrome on Android), else the `barcode-detector` ponyfill on zxing-wasm, whose .wasm is a
 * fingerprinted asset of our own build (our CSP allows no other origin). The back camera is asked
 * for by name; a bad code never stops the scanning.
 */
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url'

type Detector = { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> }

export type ScannerEngine = 'native' | 'zxing-wasm'

async function makeDetector(): Promise<{ detector: Detector; engine: ScannerEngine }> {
  const Native = (globalThis as { BarcodeDetector?: { new (o: { formats: string[] }): Detector; getSupportedFormats(): Promise<string[]> } }).BarcodeDetector
  if (Native) {
    try {
      if ((await Native.getSupportedFormats()).includes('qr_code')) return { detector: new Native({ formats: ['qr_code'] }), engine: 'native' }
    } catch {
      // fall through to the ponyfill
    }
  }
  const { BarcodeDetector, prepareZXingModule } = await import('barcode-detector/ponyfill')
  prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, location.href).href : prefix + path) },
  })
  return { detector: new BarcodeDetector({ formats: ['qr_code'] }), engine: 'zxing-wasm' }
}

/**
 * Loads the ponyfill and its wasm ahead of need, through the door's service worker, so the camera
 * also works on a night the network is gone before anyone pressed "Use the camera".
 */
export async function warmUpScanner(): Promise<void> {
  if ('BarcodeDetector' in globalThis) return
  await import('barcode-detector/ponyfill')
  const res = await fetch(wasmUrl)
  await res.arrayBuffer()
}

export type Scanner = { stop(): void; engine: ScannerEngine }

/**
 * Starts the camera into `video` and calls `onCode` for each code seen. The same code held in front
 * of the camera is reported once per `repeatAfterMs`, not once per frame.
 */
export async function startScanner(video: HTMLVideoElement, onCode: (code: string) => void, { repeatAfterMs = 3000, everyMs = 150 } = {}): Promise<Scanner> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false })
  video.srcObject = stream
  video.muted = true
  video.playsInline = true
  await video.play().catch(() => undefined)
  const { detector, engine } = await makeDetector()
  let stopped = false
  let last = { code: '', at: 0 }
  const canvas = document.createElement('canvas')
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  const tick = async () => {
    if (stopped) return
    try {
      if (video.readyState >= 2 && video.videoWidth > 0 && ctx) {
        canvas.width = video.videoWidth
        canvas.height = video.videoHeight
        ctx.drawImage(video, 0, 0)
        const found = await detector.detect(canvas)
        const code = found[0]?.rawValue
        const now = Date.now()
        if (code && (code !== last.code || now - last.at > repeatAfterMs)) {
          last = { code, at: now }
          onCode(code)
        } else if (code) last.at = now
      }
    } catch {
      // A frame that fails to decode is the next frame's job.
    }
    if (!stopped) setTimeout(() => void tick(), everyMs)
  }
  void tick()
  return {
    engine,
    stop() {
      stopped = true
      for (const track of stream.getTracks()) track.stop()
      video.srcObject = null
    },
  }
}
