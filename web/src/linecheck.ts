// The line-check wizard: first the room with nobody playing, then each instrument alone for ten
// seconds ("guitar: play now"), its level shown while it plays; a silent or clipped take is refused by
// the server with a clear message and asked again.
import { byId, errorOf, state } from "./common.js";
import { startCapture, levelDbfs, type Capture } from "./capture.js";

const seconds = Number(new URLSearchParams(location.search).get("seconds") ?? "10");
const prompt = byId("prompt"), detail = byId("detail"), meter = byId("level");

async function record(capture: Capture, chunks: Float32Array[], length: number): Promise<Float32Array> {
  chunks.length = 0;
  const needed = Math.round(length * capture.context.sampleRate);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const have = chunks.reduce((s, c) => s + c.length, 0);
      detail.textContent = `${Math.min(length, have / capture.context.sampleRate).toFixed(0)} of ${length} s`;
      if (have >= needed) { clearInterval(timer); resolve(); }
    }, 100);
  });
  const take = new Float32Array(needed);
  let offset = 0;
  for (const chunk of chunks) { const count = Math.min(chunk.length, needed - offset); take.set(chunk.subarray(0, count), offset); offset += count; if (offset >= needed) break; }
  return take;
}

async function run(): Promise<void> {
  const current = await state();
  if (!current.reference) { prompt.textContent = "Choose a reference first"; return; }
  const chunks: Float32Array[] = [];
  const capture = await startCapture(current.sample_rate_hz, (samples) => {
    chunks.push(samples);
    meter.style.width = `${Math.max(0, Math.min(100, 100 + levelDbfs(samples) * 100 / 60))}%`;
  });
  byId<HTMLButtonElement>("begin").hidden = true;
  const steps = ["room", ...current.instruments];
  for (const name of steps) {
    for (;;) {
      const root = byId("wizard");
      root.dataset.step = name;
      prompt.textContent = name === "room" ? "Quiet please: nobody plays" : `${name}: play now`;
      const take = await record(capture, chunks, name === "room" ? 3 : seconds);
      const response = await fetch(`/api/linecheck/${encodeURIComponent(name)}`, { method: "POST", body: take.buffer as ArrayBuffer, headers: { "Content-Type": "application/octet-stream" } });
      if (response.ok) break;
      prompt.textContent = `${name}: again, please`;
      detail.textContent = await errorOf(response);
      root.dataset.error = detail.textContent;
      await new Promise((resolve) => setTimeout(resolve, 2500));
    }
  }
  capture.stop();
  byId("wizard").dataset.step = "done";
  prompt.textContent = "Line check done";
  detail.textContent = "";
  byId<HTMLAnchorElement>("next").hidden = false;
}

byId<HTMLButtonElement>("begin").onclick = () => void run();
if (new URLSearchParams(location.search).get("autostart") === "1") void run();
