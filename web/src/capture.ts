// The laptop's microphone in the browser: no echo cancellation, no noise suppression, no automatic gain
// (they would change the balance the coach judges), at the reference's sample rate, through an
// AudioWorklet that hands over blocks of samples.

export interface Capture { context: AudioContext; stream: MediaStream; stop(): void; }

export async function startCapture(sampleRateHz: number, onSamples: (samples: Float32Array) => void): Promise<Capture> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
    video: false,
  });
  const context = new AudioContext({ sampleRate: sampleRateHz });
  await context.audioWorklet.addModule("/js/worklet.js");
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, "autofoh-capture", { numberOfInputs: 1, numberOfOutputs: 0 });
  node.port.onmessage = (event: MessageEvent<Float32Array>) => onSamples(event.data);
  source.connect(node);
  await context.resume();
  return {
    context, stream,
    stop() { source.disconnect(); node.port.close(); stream.getTracks().forEach((t) => t.stop()); void context.close(); },
  };
}

/** RMS level in dBFS of a block. */
export function levelDbfs(samples: Float32Array): number {
  let power = 0;
  for (const v of samples) power += v * v;
  return 10 * Math.log10(power / Math.max(1, samples.length) + 1e-12);
}
