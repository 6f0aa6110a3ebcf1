// The musician's screen, /musician/{instrument}: one huge arrow when there is something to do, nothing
// otherwise (seed 000's redesign). The root carries data-instrument and data-advice (up, down or none).
import { follow, byId, type AdviceItem } from "./common.js";

const root = byId<HTMLElement>("musician");
const instrument = decodeURIComponent(location.pathname.split("/").pop() ?? "");
root.dataset.instrument = instrument;
root.dataset.advice = "none";
byId("name").textContent = instrument;

function show(advice: AdviceItem | undefined): void {
  const action = advice && advice.advice !== "stay" ? advice.advice : "none";
  root.dataset.advice = action;
  root.dataset.flag = advice?.flag ?? "";
  byId("arrow").textContent = action === "up" ? "▲" : action === "down" ? "▼" : "";
  const hint = advice && action !== "none" && Math.abs(advice.offset_db) >= 1 ? `about ${Math.round(Math.abs(advice.offset_db))} dB` : "";
  byId("hint").textContent = advice?.flag === "recheck" && action !== "none" ? `${hint} · play alone once more` : advice?.flag === "not_heard" ? "not heard" : hint;
}

follow((message) => {
  if (message.type === "state") show(Object.entries(message.latest).find(([name]) => name.toLowerCase() === instrument.toLowerCase())?.[1]);
  else show(message.advice.find((a) => a.instrument.toLowerCase() === instrument.toLowerCase()));
}, (open) => { root.dataset.connected = String(open); });
