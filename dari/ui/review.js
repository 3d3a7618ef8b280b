// Keys 1-4 grade the card on the Review page (Again, Hard, Good, Easy); space or Enter
// shows the answer. The grade names the word it was given for, so a key pressed while
// the next card is on its way cannot grade the wrong word.

// The latest mount's data and trigger live on window: the module may be evaluated again,
// but only one listener is ever added, and it must see the newest card.

function typing(target) {
  const tag = (target && target.tagName) || "";
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
}

function onKey(event) {
  const current = window.__dariReview;
  if (!current || event.repeat || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  const { data, setTriggerValue, host } = current;
  if (!data || !data.word || !host || !host.isConnected) return; // the Review page is not on screen
  if (data.shown && ["1", "2", "3", "4"].includes(event.key)) {
    event.preventDefault();
    setTriggerValue("rate", { rating: Number(event.key), word: data.word });
  } else if (!data.shown && (event.key === " " || event.key === "Enter")) {
    event.preventDefault();
    setTriggerValue("reveal", { word: data.word });
  }
}

export default function (component) {
  window.__dariReview = { data: component.data, setTriggerValue: component.setTriggerValue,
                          host: component.parentElement };
  if (!window.__dariReviewKeys) {
    window.__dariReviewKeys = true;
    document.addEventListener("keydown", (e) => onKey(e));
  }
}
