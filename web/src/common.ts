// What every page shares: the server's state and advice as they arrive, and small DOM helpers.

export interface Advice { instrument: string; advice: "up" | "down" | "stay"; offset_db: number; source: string; flag: string; }
export interface AdviceMessage { type: "advice"; t_s: number; level_dbfs: number | null; advice: Advice[]; warnings: string[]; }
export interface StateMessage {
  type: "state"; reference: string; sample_rate_hz: number; instruments: string[]; line_check: string[];
  room_tone: boolean; microphone: boolean; latest: Record<string, Advice>;
}
export type Message = AdviceMessage | StateMessage;

/** Follows the server's event stream; the browser reconnects by itself and the server resends the state. */
export function follow(onMessage: (message: Message) => void, onConnection?: (open: boolean) => void): EventSource {
  const source = new EventSource("/api/events");
  source.onmessage = (event) => onMessage(JSON.parse(event.data) as Message);
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
