// What every page shares: the server's state and advice as they arrive, and small DOM helpers.

// The soundcheck's messages, field for field the C# records of src/AutoFoh.Web/SoundcheckMessages.cs.
export type AdviceAction = "up" | "down" | "stay";
export type AdviceSource = "solo" | "live";
export type AdviceFlag = "ok" | "recheck" | "not_heard";
export interface AdviceItem { instrument: string; advice: AdviceAction; offset_db: number; source: AdviceSource; flag: AdviceFlag; }
export interface AdviceBalance { instruments: string[]; heard: number[]; ideal: number[]; }
export interface AdviceMessage { type: "advice"; t_s: number; level_dbfs: number | null; advice: AdviceItem[]; warnings: string[]; balance?: AdviceBalance; }
export interface StateMessage {
  type: "state"; reference: string; sample_rate_hz: number; instruments: string[]; line_check: string[];
  room_tone: boolean; microphone: boolean; latest: Record<string, AdviceItem>;
}
export type Message = AdviceMessage | StateMessage;

/** Follows one of the server's event streams; the browser reconnects by itself and the server resends the state. */
export function follow<T = Message>(onMessage: (message: T) => void, onConnection?: (open: boolean) => void, url = "/api/events"): EventSource {
  const source = new EventSource(url);
  source.onmessage = (event) => onMessage(JSON.parse(event.data) as T);
  source.onopen = () => onConnection?.(true);
  source.onerror = () => onConnection?.(false);
  return source;
}

export async function state(): Promise<StateMessage> {
  const response = await fetch("/api/state");
  return (await response.json()) as StateMessage;
}

/** The server's error line of a failed request, or its status. */
export async function errorOf(response: Response): Promise<string> {
  try {
    const body = await response.json();
    if (body && typeof body.error === "string") return body.error;
  } catch { /* not JSON */ }
  return `${response.status} ${response.statusText}`;
}

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`page has no #${id}`);
  return node as T;
}

/** A colour per instrument, the same on every screen. */
export function colour(index: number): string {
  const palette = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45"];
  return palette[index % palette.length];
}

/**
 * Draws one column of a dominance heatmap at the right edge of the canvas (24 bands, low at the bottom),
 * after scrolling the rest one column left: each cell the colour of the band's dominant instrument,
 * brighter the larger its share.
 */
export function scrollColumn(canvas: HTMLCanvasElement, shares: number[], n: number, colourOf: (i: number) => string): void {
  const context = canvas.getContext("2d")!;
  const bands = 24, width = canvas.width;   // (assigning canvas.height, even unchanged, would clear it)
  const image = context.getImageData(1, 0, width - 1, canvas.height);
  context.putImageData(image, 0, 0);
  context.clearRect(width - 1, 0, 1, canvas.height);
  for (let b = 0; b < bands; b++) {
    let best = 0;
    for (let i = 1; i < n; i++) if (shares[b * n + i] > shares[b * n + best]) best = i;
    context.globalAlpha = Math.max(0.15, shares[b * n + best]);
    context.fillStyle = colourOf(best);
    context.fillRect(width - 1, bands - 1 - b, 1, 1);
  }
  context.globalAlpha = 1;
}
