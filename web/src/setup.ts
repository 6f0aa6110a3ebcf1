// The setup page: the reference (upload stems), its instruments and dominance heatmap, the line check's
// state, and the addresses for phones.
import { follow, byId, element, colour, errorOf, type StateMessage } from "./common.js";

interface Dominance { instruments: string[]; hop_s: number; bands: number; frames: number[][]; }

function render(message: StateMessage): void {
  byId("reference").textContent = message.reference || "none yet";
  const list = byId("instruments");
  list.replaceChildren(...message.instruments.map((name, i) => {
    const item = element("li");
    const swatch = element("span", { class: "swatch" });
    swatch.style.background = colour(i);
    const link = element("a", { href: `/musician/${encodeURIComponent(name)}` }, name);
    item.append(swatch, link, element("span", { class: "taken" }, message.line_check.includes(name) ? " · line check ✓" : ""));
    return item;
  }));
  if (message.reference) void heatmap();
}

async function heatmap(): Promise<void> {
  const response = await fetch("/api/reference/dominance");
  if (!response.ok) return;
  const dominance = (await response.json()) as Dominance;
  const canvas = byId<HTMLCanvasElement>("heatmap");
  const n = dominance.instruments.length, frames = dominance.frames.length, bands = dominance.bands;
  canvas.width = Math.max(1, frames);
  canvas.height = bands;
  const context = canvas.getContext("2d")!;
  // Each cell: the colour of the band's most dominant instrument, brighter the larger its share.
  for (let f = 0; f < frames; f++) {
    for (let b = 0; b < bands; b++) {
      let best = 0;
      for (let i = 1; i < n; i++) if (dominance.frames[f][b * n + i] > dominance.frames[f][b * n + best]) best = i;
      context.globalAlpha = Math.max(0.15, dominance.frames[f][b * n + best]);
      context.fillStyle = colour(best);
      context.fillRect(f, bands - 1 - b, 1, 1);
    }
  }
  byId("heatmap-caption").textContent = `${(frames * dominance.hop_s).toFixed(0)} s, 24 critical bands (low at the bottom); colour: the dominant instrument`;
}

byId<HTMLFormElement>("upload").onsubmit = async (event) => {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const message = byId("upload-message");
  message.textContent = "building the reference…";
  const response = await fetch("/api/reference", { method: "POST", body: new FormData(form) });
  message.textContent = response.ok ? "reference ready" : await errorOf(response);
  message.dataset.error = String(!response.ok);
};

byId<HTMLFormElement>("folder").onsubmit = async (event) => {
  event.preventDefault();
  const folder = new FormData(event.target as HTMLFormElement).get("folder");
  const message = byId("upload-message");
  message.textContent = "building the reference…";
  const response = await fetch(`/api/reference?folder=${encodeURIComponent(String(folder ?? ""))}`, { method: "POST" });
  message.textContent = response.ok ? "reference ready" : await errorOf(response);
  message.dataset.error = String(!response.ok);
};

void fetch("/api/pairing").then(async (response) => {
  if (!response.ok) return;
  const pairing = await response.json() as { lan: boolean; code: string | null; urls: string[] };
  byId("pairing").textContent = pairing.lan
    ? `Phones: scan the code or open ${pairing.urls.join(" or ")} (pairing code ${pairing.code})`
    : "Phones: start with --lan to let phones on the same network follow their instrument.";
  if (pairing.lan && pairing.urls.length) byId<HTMLImageElement>("qr").src = "/api/pairing/qr.svg";
});

follow((message) => { if (message.type === "state") render(message); });
