// The alerts board's live panel: new alerts and container events as the trade stream
// sends them (Server-Sent Events, /alerts/live). Without JavaScript the board still works;
// reloading it shows the same alerts. Text only: nothing received is read as markup.
document.addEventListener("DOMContentLoaded", () => {
  const panel = document.getElementById("live");
  if (!panel || !window.EventSource) return;
  const list = panel.querySelector("ol");
  const status = panel.querySelector("[data-status]");
  const source = new EventSource(panel.dataset.stream);
  const add = (text) => {
    const item = document.createElement("li");
    item.textContent = text;
    list.prepend(item);
    while (list.children.length > 50) list.lastElementChild.remove();
  };
  source.addEventListener("open", () => { status.textContent = panel.dataset.connected; });
  source.addEventListener("error", () => { status.textContent = panel.dataset.reconnecting; });
  source.addEventListener("alert", (message) => {
    const alert = JSON.parse(message.data);
    add(`${panel.dataset.alertLabel}: ${alert.title || alert.rule || ""} ${alert.container || ""}`.trim());
  });
  source.addEventListener("container_event", (message) => {
    const event = JSON.parse(message.data);
    add(`${event.container || ""} ${event.code || ""} ${event.facility || ""}`.trim());
  });
});
