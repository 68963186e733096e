/**
 * A fake camera for chromium (`--use-file-for-fake-video-capture=<file.y4m>`): a QR code drawn by
 * the `qrcode` package, put on a grey 640×480 frame and written as YUV4MPEG2 (a one-line header,
 * then `FRAME\n` + the I420 Y, U and V planes per frame). No ffmpeg needed.
 */
import fs from 'node:fs'
import { PNG } from 'pngjs'
import QRCode from 'qrcode'

const WIDTH = 640
const HEIGHT = 480

/** Luma of an RGBA pixel (BT.601), what the camera's Y plane carries. */
const luma = (r: number, g: number, b: number) => Math.round(16 + (65.738 * r + 129.057 * g + 25.064 * b) / 256)

/** Writes `file` as a y4m of `frames` identical frames showing `text` as a QR code. */
export async function writeQrY4m(file: string, text: string, frames = 10): Promise<void> {
  const png = PNG.sync.read(await QRCode.toBuffer(text, { type: 'png', margin: 4, width: 400, errorCorrectionLevel: 'M' }))
  const y = Buffer.alloc(WIDTH * HEIGHT, luma(200, 200, 200))
  const left = Math.floor((WIDTH - png.width) / 2)
  const top = Math.floor((HEIGHT - png.height) / 2)
  for (let row = 0; row < png.height; row++) {
    for (let col = 0; col < png.width; col++) {
      const i = (row * png.width + col) * 4
      y[(top + row) * WIDTH + left + col] = luma(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!)
    }
  }
  // Grey has no colour: both chroma planes sit at the middle value.
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma])
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`)
  fs.writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]))
}
