// The mix page: drop stems, pick a style (its targets shown), press Mix; the server mixes in the
// background and its event stream says where the job is; when done, each figure of the written file against
// the style's target and tolerance, the warnings, the mix to listen to and the files to download.
// Test hooks: #mix[data-state=idle|running|done|error]; each .figure carries data-figure, data-measured,
// data-target and data-ok.
import { follow, byId, element, errorOf } from "./common.js";

interface StyleTolerance { integrated_lu: number; centroid_fraction: number; ms_ratio: number; }
interface FrequencyBalance { low: number; mid: number; high: number; }
interface Style {
  name: string; description: string; integrated_lufs: number; spectral_centroid_hz: number; ms_ratio: number; true_peak_dbtp: number;
  tolerance: StyleTolerance; frequency_balance: FrequencyBalance;
}
interface Styles { targets: string; predictor: string; predictor_ready: boolean; max_stems: number; max_upload_bytes: number; styles: Style[]; }
interface Figure { figure: string; unit: string; measured: number | null; target: number; low: number | null; high: number; ok: boolean; }
interface MixFiles { mix: string; parameters: string; reaper: string; }
interface MixStatus {
  type: "mix"; id: string; state: "idle" | "running" | "done" | "error"; stage: string; fraction: number; style: string; stems: string[];
  error: string | null; seconds: number; within_tolerance?: boolean; solver_passes?: number; duration_s?: number;
  figures?: Figure[]; warnings?: string[]; files?: MixFiles;
}

const root = byId("mix");
const form = byId<HTMLFormElement>("mix-form");
const input = form.querySelector<HTMLInputElement>("input[type=file]")!;
const select = byId<HTMLSelectElement>("style");
const message = byId("mix-message");
let styles: Styles | null = null;
let status: MixStatus | null = null;
let requestError: string | null = null;   // the last request's refusal (the server's job is untouched by it)

const labels: Record<string, string> = {
  integrated_lufs: "Loudness", spectral_centroid_hz: "Spectral centroid", ms_ratio: "Width (ms_ratio)", true_peak_dbtp: "True peak",
};

function formatted(figure: string, value: number): string {
  switch (figure) {
    case "integrated_lufs": return `${value.toFixed(2)} LUFS`;
    case "spectral_centroid_hz": return `${value.toFixed(0)} Hz`;
    case "ms_ratio": return value.toFixed(3);
    default: return `${value.toFixed(2)} dBTP`;
  }
}

function tolerance(f: Figure): string {
  if (f.low === null) return `≤ ${f.target.toFixed(1)} dBTP`;
  switch (f.figure) {
    case "integrated_lufs": return `${f.target.toFixed(1)} ± ${(f.high - f.target).toFixed(2)} LU`;
    case "spectral_centroid_hz": return `${f.target.toFixed(0)} Hz ± ${((f.high / f.target - 1) * 100).toFixed(0)} % (${f.low.toFixed(0)}–${f.high.toFixed(0)})`;
    default: return `${f.target.toFixed(2)} ± ${(f.high - f.target).toFixed(2)}`;
  }
}

// ---- styles ---------------------------------------------------------------------------------------------

async function loadStyles(): Promise<void> {
  const response = await fetch("/api/mix/styles");
  if (!response.ok) { requestError = await errorOf(response); render(); return; }
  styles = (await response.json()) as Styles;
  select.replaceChildren(...styles.styles.map((s) => element("option", { value: s.name }, s.name)));
  const body = byId("style-targets").querySelector("tbody")!;
  body.replaceChildren(...styles.styles.map((s) => {
    const row = element("tr", { "data-style": s.name });
    row.append(
      element("td", {}, s.name),
      element("td", {}, `${s.integrated_lufs.toFixed(1)} LUFS ± ${s.tolerance.integrated_lu}`),
      element("td", {}, `${s.spectral_centroid_hz.toFixed(0)} Hz ± ${(s.tolerance.centroid_fraction * 100).toFixed(0)} %`),
      element("td", {}, `${s.ms_ratio.toFixed(2)} ± ${s.tolerance.ms_ratio}`),
      element("td", {}, `≤ ${s.true_peak_dbtp.toFixed(1)} dBTP`),
      element("td", { class: "description" }, s.description));
    row.onclick = () => { select.value = s.name; highlightStyle(); };
    return row;
  }));
  if (status?.style && styles.styles.some((s) => s.name === status!.style)) select.value = status.style;
  highlightStyle();
  if (!styles.predictor_ready) { requestError = `${styles.predictor}: mix predictor not found (start serve with --mix-model FILE)`; render(); }
}

function highlightStyle(): void {
  for (const row of Array.from(byId("style-targets").querySelectorAll<HTMLTableRowElement>("tbody tr")))
    row.classList.toggle("selected", row.dataset.style === select.value);
}
select.onchange = highlightStyle;

// ---- stems: drop or pick ----------------------------------------------------------------------------------

function listStems(): void {
  const files = Array.from(input.files ?? []);
  const total = files.reduce((sum, f) => sum + f.size, 0);
  byId("stem-list").replaceChildren(...files.map((f) => element("li", {}, `${f.name} · ${(f.size / 1e6).toFixed(1)} MB`)));
  byId("drop").dataset.count = String(files.length);
  if (files.length) byId("stem-list").append(element("li", { class: "total" }, `${files.length} stem${files.length === 1 ? "" : "s"}, ${(total / 1e6).toFixed(1)} MB`));
}
input.onchange = listStems;
const drop = byId("drop");
drop.ondragover = (event) => { event.preventDefault(); drop.classList.add("over"); };
drop.ondragleave = () => drop.classList.remove("over");
drop.ondrop = (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  if (event.dataTransfer?.files.length) { input.files = event.dataTransfer.files; listStems(); }
};

// ---- the mix ----------------------------------------------------------------------------------------------

form.onsubmit = async (event) => {
  event.preventDefault();
  const files = Array.from(input.files ?? []);
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (styles && total > styles.max_upload_bytes) {
    // The server would answer 413; say so before sending it all.
    requestError = `the upload is ${(total / 1e6).toFixed(0)} MB; the limit is ${(styles.max_upload_bytes / 1e6).toFixed(0)} MB`;
    render();
    return;
  }
  requestError = null;
  message.textContent = files.length ? `uploading ${files.length} stems…` : "";
  byId<HTMLButtonElement>("mix-button").disabled = true;
  try {
    const response = await fetch("/api/mix", { method: "POST", body: new FormData(form) });
    if (response.ok) status = (await response.json()) as MixStatus;
    else requestError = await errorOf(response);
  } catch (error) {
    requestError = `the upload failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  render();
};

function render(): void {
  const state = requestError !== null ? "error" : status?.state ?? "idle";
  root.dataset.state = state;
  byId<HTMLButtonElement>("mix-button").disabled = status?.state === "running";
  message.dataset.error = String(requestError !== null || status?.state === "error");
  message.textContent = requestError
    ?? (status?.state === "error" ? status.error ?? "the mix failed"
      : status?.state === "done" ? `mixed ${status.stems.length} stems to ${status.style} in ${status.seconds.toFixed(1)} s (${status.solver_passes} solver passes)`
        : status?.state === "running" ? `mixing ${status.stems.length} stems to ${status.style}` : "");

  const running = status?.state === "running";
  byId("progress").hidden = !running;
  if (running) {
    byId("stage").textContent = status!.stage;
    byId<HTMLProgressElement>("fraction").value = status!.fraction;
    byId("percent").textContent = `${(status!.fraction * 100).toFixed(0)} %`;
  }

  const figures = status?.state === "done" ? status.figures ?? [] : [];
  byId("result").hidden = figures.length === 0;
  if (figures.length === 0) return;
  byId("verdict").textContent = status!.within_tolerance ? "· every target met" : "· misses a target";
  byId("verdict").dataset.ok = String(status!.within_tolerance);
  byId("compliance").replaceChildren(...figures.map(meter));
  byId("warnings").replaceChildren(...(status!.warnings ?? []).map((w) => element("li", {}, w)));
  const files = status!.files!;
  const player = byId<HTMLAudioElement>("player");
  if (player.getAttribute("src") !== files.mix) player.src = files.mix;
  byId<HTMLAnchorElement>("download-mix").href = files.mix;
  byId<HTMLAnchorElement>("download-params").href = files.parameters;
  byId<HTMLAnchorElement>("download-reaper").href = files.reaper;
}

/**
 * One figure as a meter: a scale around the target (three tolerances either side; for the true peak, 6 dB under
 * the ceiling to 2 dB over), the tolerance's band on it, a tick at the target and the measured value's marker,
 * green inside the band and red outside.
 */
function meter(f: Figure): HTMLElement {
  const half = f.low === null ? 0 : f.high - f.target;
  const [from, to] = f.low === null ? [f.target - 6, f.target + 2] : [f.target - 3 * half, f.target + 3 * half];
  const at = (v: number) => `${(Math.min(1, Math.max(0, (v - from) / (to - from))) * 100).toFixed(2)}%`;
  const row = element("div", {
    class: "figure", "data-figure": f.figure, "data-measured": f.measured === null ? "" : String(f.measured),
    "data-target": String(f.target), "data-ok": String(f.ok),
  });
  const scale = element("div", { class: "scale" });
  const band = element("div", { class: "band" });
  const bandFrom = f.low === null ? from : f.low;
  band.style.left = at(bandFrom);
  band.style.width = `calc(${at(f.high)} - ${at(bandFrom)})`;
  const tick = element("div", { class: "target" });
  tick.style.left = at(f.target);
  scale.append(band, tick);
  if (f.measured !== null) {
    const marker = element("div", { class: "marker" });
    marker.style.left = at(f.measured);
    scale.append(marker);
  }
  row.append(
    element("span", { class: "name" }, labels[f.figure] ?? f.figure),
    scale,
    element("span", { class: "value" }, f.measured === null ? "—" : formatted(f.figure, f.measured)),
    element("span", { class: "aim" }, `target ${tolerance(f)}`),
    element("span", { class: "verdict" }, f.ok ? "ok" : "miss"));
  return row;
}

// The job lives on the server: a reloaded page, or a second one, finds it where it is.
follow<MixStatus>((next) => {
  if (next.id !== status?.id && next.state === "running") requestError = null;   // a new job (from any page)
  status = next;
  render();
}, undefined, "/api/mix/events");
render();
void loadStyles();
