// The engineer's soundcheck screen: starts the laptop's microphone (or at once with ?autostart=1),
// streams it to the server over a WebSocket that reconnects by itself, and shows every instrument's
// advice, its history, the input level and the warnings.
import { follow, byId, element, colour, state, scrollColumn, type AdviceItem, type AdviceMessage, type StateMessage } from "./common.js";
import { startCapture, levelDbfs, type Capture } from "./capture.js";

let instruments: string[] = [];
let capture: Capture | null = null;
let socket: WebSocket | null = null;
const queue: Float32Array[] = [];
const history = new Map<string, string[]>();
const status = byId("status");

function render(message: StateMessage | AdviceMessage): void {
  if (message.type === "state") {
    instruments = message.instruments;
    byId("reference").textContent = message.reference || "no reference yet: choose one on the setup page";
    const latest = Object.values(message.latest);
    if (latest.length) renderAdvice(latest);
    return;
  }
  renderAdvice(message.advice);
  if (message.balance) {
    const judged = message.balance.instruments;
    const colourOf = (i: number) => colour(instruments.indexOf(judged[i]));
    scrollColumn(byId<HTMLCanvasElement>("heard"), message.balance.heard, judged.length, colourOf);
    scrollColumn(byId<HTMLCanvasElement>("ideal"), message.balance.ideal, judged.length, colourOf);
  }
  const warnings = byId("warnings");
  warnings.replaceChildren(...message.warnings.map((w) => element("li", {}, w)));
  if (message.level_dbfs !== null) byId("server-level").textContent = `${message.level_dbfs.toFixed(0)} dBFS at ${message.t_s.toFixed(0)} s`;
}

function renderAdvice(advice: AdviceItem[]): void {
  const table = byId("advice");
  table.replaceChildren(...advice.map((a) => {
    const past = history.get(a.instrument) ?? [];
    past.push(a.advice === "up" ? "▲" : a.advice === "down" ? "▼" : "·");
    if (past.length > 60) past.shift();
    history.set(a.instrument, past);
    const row = element("tr", { "data-instrument": a.instrument, "data-advice": a.advice === "stay" ? "none" : a.advice });
    const name = element("td", {}, a.instrument);
    name.style.color = colour(instruments.indexOf(a.instrument));
    row.append(name,
      element("td", { class: "word" }, a.advice === "stay" ? "" : `${a.advice} ${Math.round(Math.abs(a.offset_db))} dB`),
      element("td", {}, `${a.source}${a.flag === "ok" ? "" : " · " + a.flag}`),
      element("td", { class: "history" }, past.join("")));
    return row;
  }));
}

function connect(rate: number): void {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/microphone?rate=${rate}`);
  ws.binaryType = "arraybuffer";
  ws.onopen = () => { status.textContent = "listening"; status.dataset.state = "listening"; flush(); };
  ws.onclose = (event) => {
    socket = null;
    status.dataset.state = "reconnecting";
    status.textContent = event.reason ? `microphone stream closed: ${event.reason}; reconnecting` : "reconnecting";
    if (capture) setTimeout(() => connect(rate), 1000);
  };
  socket = ws;
}

function flush(): void {
  while (socket && socket.readyState === WebSocket.OPEN && queue.length) socket.send(queue.shift()!);
}

async function start(): Promise<void> {
  if (capture) return;
  const current = await state();
  if (!current.reference) { status.textContent = "choose a reference first (setup page)"; return; }
  if (!current.line_check.length) { status.textContent = "record the line check first"; return; }
  try {
    capture = await startCapture(current.sample_rate_hz, (samples) => {
      byId("level").style.width = `${Math.max(0, Math.min(100, 100 + levelDbfs(samples) * 100 / 60))}%`;
      queue.push(samples);
      if (queue.length > 200) queue.shift();   // never hold more than ~20 s while reconnecting
      flush();
    });
  } catch (error) {
    status.textContent = `no microphone: ${error}`;
    return;
  }
  byId<HTMLButtonElement>("start").hidden = true;
  connect(current.sample_rate_hz);
}

byId<HTMLButtonElement>("start").onclick = () => void start();
follow(render, (open) => { byId("connection").textContent = open ? "" : "server not reachable: reconnecting…"; });
if (new URLSearchParams(location.search).get("autostart") === "1") void start();
