// The live mix: one strip per input channel with its input meter, the gain the engine applies
// (and a plot of it over the last half minute), the feedback/fallback status, its feedback notches and pull-down,
// and the engineer's controls: mute, lock the gain where it is, and a priority offset in dB. Below the strips, what
// the engine did (feedback actions, fallbacks), newest first. The engine's state arrives as server-sent events a few
// times a second; each control is one small JSON POST whose answer updates the strip at once.
import { follow, byId, element, colour, errorOf } from "./common.js";

interface LiveNotch { frequency_hz: number; depth_db: number; }
interface ChannelUpdate {
  name: string; level_dbfs: number | null; gain_db: number | null; automatic_db: number | null; priority_db: number;
  muted: boolean; locked: boolean; feedback_db: number; notches: LiveNotch[]; status: "ok" | "feedback" | "late" | "dugan";
}
interface LiveEvent {
  t_s: number; channel: string | null; kind: "feedback" | "fallback" | "recovery"; frequency_hz: number | null; action: string;
  depth_db: number | null;
}
interface LiveUpdate {
  type: "update"; t_s: number; state: "running" | "finished"; message: string; fallback: boolean; model_late: boolean;
  model_failed: boolean; late_blocks: number; overruns: number; feedback_events: number; ceiling_gain_db: number | null;
  bad_samples_replaced: number; event_count: number; events: LiveEvent[]; fallbacks: LiveEvent[]; channels: ChannelUpdate[];
}
interface LiveHistory { t_s: number[]; gain_db: (number | null)[][]; }
interface LiveState {
  type: "state"; mixer: string; sample_rate_hz: number; update_hz: number; max_priority_db: number; channels: string[];
  history: LiveHistory; latest: LiveUpdate;
}

const PlotTopDb = 12, PlotBottomDb = -60, HistoryPoints = 150;
const strips = new Map<string, { root: HTMLElement; gains: number[]; levels: number[] }>();
const statusWords: Record<ChannelUpdate["status"], string> = { ok: "", feedback: "feedback: pulled down", late: "model late: holding", dugan: "Dugan fallback" };

function strip(name: string, index: number, maxPriorityDb: number): HTMLElement {
  const root = element("article", { class: "strip", "data-channel": name, "data-muted": "false", "data-locked": "false", "data-status": "ok" });
  const title = element("h2", {}, name);
  title.style.color = colour(index);
  const meter = element("div", { class: "vu", title: "input peak" }, undefined);
  meter.append(element("div", { class: "vu-fill" }));
  const plot = element("canvas", { class: "plot", width: "300", height: "110" });
  const mute = element("button", { class: "mute", "aria-pressed": "false" }, "Mute");
  const lock = element("button", { class: "lock", "aria-pressed": "false" }, "Lock");
  const priority = element("input", { class: "priority", type: "number", min: `${-maxPriorityDb}`, max: `${maxPriorityDb}`, step: "1", value: "0" });
  mute.onclick = () => void send(name, { muted: root.dataset.muted !== "true" });
  lock.onclick = () => void send(name, { locked: root.dataset.locked !== "true" });
  priority.onchange = () => void send(name, { priority_db: priority.value === "" ? priority.value : Number(priority.value) });
  const label = element("label", {}, "Priority ");
  label.append(priority, " dB");
  root.append(
    element("header", {}), meter, plot,
    element("p", { class: "readout" }),
    element("ul", { class: "notches", title: "feedback notches that cut now" }),
    element("div", { class: "controls" }));
  root.querySelector("header")!.append(title, element("span", { class: "status" }));
  root.querySelector(".readout")!.append(element("output", { class: "gain" }, "…"), " ", element("small", { class: "auto" }), " ", element("small", { class: "level" }));
  root.querySelector(".controls")!.append(mute, lock, label);
  return root;
}

function build(state: LiveState): void {
  byId("mixer").textContent = `mixer ${state.mixer}`;
  const container = byId("strips");
  container.replaceChildren();
  strips.clear();
  state.channels.forEach((name, i) => {
    const root = strip(name, i, state.max_priority_db);
    const gains = (state.history.gain_db[i] ?? []).map((g) => g ?? PlotBottomDb);
    strips.set(name, { root, gains, levels: [] });
    container.append(root);
  });
  render(state.latest, false);
}

/** One channel's figures and controls onto its strip (the test hooks are its data attributes). */
function show(channel: ChannelUpdate, record: boolean): void {
  const entry = strips.get(channel.name);
  if (!entry) return;
  const { root } = entry;
  const gain = channel.gain_db ?? PlotBottomDb, level = channel.level_dbfs ?? -120;
  root.dataset.gainDb = `${gain}`;
  root.dataset.levelDbfs = `${level}`;
  root.dataset.muted = `${channel.muted}`;
  root.dataset.locked = `${channel.locked}`;
  root.dataset.status = channel.status;
  root.dataset.priorityDb = `${channel.priority_db}`;
  root.querySelector<HTMLElement>(".vu-fill")!.style.height = `${Math.max(0, Math.min(100, (level + 60) * 100 / 60))}%`;
  root.querySelector(".gain")!.textContent = channel.muted ? "muted" : `${gain.toFixed(1)} dB`;
  root.querySelector(".auto")!.textContent = channel.automatic_db === null ? "" : `auto ${channel.automatic_db.toFixed(1)}`;
  root.querySelector(".level")!.textContent = `in ${level.toFixed(0)} dBFS`;
  root.querySelector(".status")!.textContent = channel.status === "feedback" ? `feedback: ${channel.feedback_db.toFixed(0)} dB` : statusWords[channel.status];
  root.dataset.feedbackDb = `${channel.feedback_db}`;
  root.dataset.notches = `${channel.notches.length}`;
  root.querySelector(".notches")!.replaceChildren(...channel.notches.map((n) =>
    element("li", { "data-frequency-hz": `${n.frequency_hz}`, "data-depth-db": `${n.depth_db}` }, `${hertz(n.frequency_hz)} ${n.depth_db.toFixed(0)} dB`)));
  root.querySelector(".mute")!.setAttribute("aria-pressed", `${channel.muted}`);
  root.querySelector(".lock")!.setAttribute("aria-pressed", `${channel.locked}`);
  const priority = root.querySelector<HTMLInputElement>(".priority")!;
  if (document.activeElement !== priority) priority.value = `${channel.priority_db}`;
  if (record) {
    entry.gains.push(gain);
    entry.levels.push(level);
    for (const list of [entry.gains, entry.levels]) while (list.length > HistoryPoints) list.shift();
  }
  draw(root.querySelector<HTMLCanvasElement>(".plot")!, entry.gains, entry.levels, colour([...strips.keys()].indexOf(channel.name)));
}

/** The gain over the last half minute (newest at the right), the input level faint behind it, a line at 0 dB. */
function draw(canvas: HTMLCanvasElement, gains: number[], levels: number[], stroke: string): void {
  const context = canvas.getContext("2d")!, w = canvas.width, h = canvas.height;
  const y = (db: number) => (PlotTopDb - Math.max(PlotBottomDb, Math.min(PlotTopDb, db))) * h / (PlotTopDb - PlotBottomDb);
  const x = (i: number, n: number) => w - (n - 1 - i) * w / (HistoryPoints - 1);
  context.clearRect(0, 0, w, h);
  context.strokeStyle = "#333";
  context.lineWidth = 1;
  for (const db of [0, -20, -40]) { context.beginPath(); context.moveTo(0, y(db)); context.lineTo(w, y(db)); context.stroke(); }
  context.fillStyle = "#666";
  context.font = "10px sans-serif";
  context.fillText("0 dB", 2, y(0) - 2);
  context.fillText("−40", 2, y(-40) - 2);
  const line = (values: number[], style: string, width: number) => {
    if (values.length < 2) return;
    context.strokeStyle = style;
    context.lineWidth = width;
    context.beginPath();
    values.forEach((v, i) => (i === 0 ? context.moveTo(x(i, values.length), y(v)) : context.lineTo(x(i, values.length), y(v))));
    context.stroke();
  };
  line(levels, "#444", 1);
  line(gains, stroke, 2);
}

function hertz(frequencyHz: number): string {
  return frequencyHz >= 1000 ? `${(frequencyHz / 1000).toFixed(2)} kHz` : `${frequencyHz.toFixed(0)} Hz`;
}

/** One event as a line: its time, where, what. */
function describe(event: LiveEvent): string {
  const where = event.channel === null ? "" : ` ${event.channel}`;
  const at = event.frequency_hz === null ? "" : ` at ${hertz(event.frequency_hz)}`;
  const depth = event.depth_db === null ? "" : ` ${event.depth_db.toFixed(0)} dB`;
  const what = event.kind === "feedback" ? `feedback${where}${at}: ${event.action.replace("_", " ")}${depth}`
    : event.kind === "fallback" ? `fallback: ${event.action}` : `model back: ${event.action}`;
  return `${event.t_s.toFixed(1)} s · ${what}`;
}

/** A list of events, newest first (the server sends them so), each with its kind as a hook for tests and styles. */
function list(id: string, events: LiveEvent[]): void {
  byId(id).replaceChildren(...events.map((e) => element("li", { "data-kind": e.kind, ...(e.channel === null ? {} : { "data-channel": e.channel }) }, describe(e))));
}

function render(update: LiveUpdate, record = true): void {
  const root = byId("live");
  root.dataset.state = update.state;
  byId("clock").textContent = `${update.t_s.toFixed(1)} s${update.state === "finished" ? " · finished" : ""}`;
  const engine = byId("engine");
  engine.dataset.status = update.model_failed || update.fallback ? "dugan" : update.model_late ? "late" : "ok";
  engine.textContent = update.message || (update.fallback ? "the model is late: Dugan gain sharing mixes" : "");
  const ceiling = byId("ceiling"), limiting = update.ceiling_gain_db !== null && update.ceiling_gain_db < -0.1;
  ceiling.dataset.limiting = `${limiting}`;
  ceiling.textContent = limiting ? `output ceiling: ${update.ceiling_gain_db!.toFixed(1)} dB` : "";
  byId("events").dataset.count = `${update.event_count}`;
  list("event-list", update.events);
  list("fallback-list", update.fallbacks);
  for (const channel of update.channels) show(channel, record);
}

async function send(name: string, control: Record<string, unknown>): Promise<void> {
  const message = byId("control-error");
  const response = await fetch(`/api/live/channel/${encodeURIComponent(name)}`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(control),
  });
  if (!response.ok) { message.textContent = `${name}: ${await errorOf(response)}`; return; }
  message.textContent = "";
  show((await response.json()) as ChannelUpdate, false);
}

follow<LiveState | LiveUpdate>((message) => (message.type === "state" ? build(message) : render(message)),
  (open) => { byId("connection").textContent = open ? "" : "server not reachable: reconnecting…"; }, "/api/live/events");
