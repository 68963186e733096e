/**
 * What the door feels and hears besides the colour: a short high beep to admit, two low ones to
 * refuse (WebAudio, no sound file to fetch), and a buzz on phones that can. Browsers allow audio
 * only after a gesture on the page: the context is made on the first tap or key press.
 */
let audio: AudioContext | null = null

export function unlockAudio() {
  if (audio || typeof window === 'undefined') return
  const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
  if (!Ctor) return
  try {
    audio = new Ctor()
  } catch {
    audio = null
  }
}

function tone(frequency: number, startIn: number, seconds: number) {
  if (!audio) return
  const osc = audio.createOscillator()
  const gain = audio.createGain()
  osc.type = 'square'
  osc.frequency.value = frequency
  const t = audio.currentTime + startIn
  gain.gain.setValueAtTime(0.0001, t)
  gain.gain.exponentialRampToValueAtTime(0.25, t + 0.01)
  gain.gain.exponentialRampToValueAtTime(0.0001, t + seconds)
  osc.connect(gain).connect(audio.destination)
  osc.start(t)
  osc.stop(t + seconds + 0.02)
}

export function signal(kind: 'admit' | 'refuse' | 'notice') {
  try {
    if (audio?.state === 'suspended') void audio.resume()
    if (kind === 'admit') tone(1320, 0, 0.15)
    else if (kind === 'refuse') {
      tone(220, 0, 0.18)
      tone(220, 0.25, 0.18)
    } else tone(880, 0, 0.1)
    navigator.vibrate?.(kind === 'admit' ? 80 : kind === 'refuse' ? [200, 100, 200] : 40)
  } catch {
    // Sound and vibration are a help, never a reason for the screen to stop.
  }
}
