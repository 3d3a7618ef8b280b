// Whose data, without sign-in: a random id this browser keeps in localStorage. It is
// made once, read on every page load and reported to Python (setStateValue "id").
// Nothing is rendered; the id never leaves this browser except to this app's server.

const KEY = "dari.profile";
const VALID = /^[A-Za-z0-9_-]{16,64}$/;

function storage() {
  try {
    const s = window.localStorage;
    s.setItem("dari.probe", "1");
    s.removeItem("dari.probe");
    return s;
  } catch (e) {
    return null; // storage blocked: the id lasts as long as the tab
  }
}

function fresh() {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return "b-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

let memory = null;
let made = false; // this page load made the id: nothing can be stored under it yet

// The tab's icon, 🌉 as an SVG data URL: set here, not by st.set_page_config (see app.py).
function favicon() {
  const link = document.querySelector('link[rel="shortcut icon"], link[rel="icon"]');
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text y=".9em" font-size="90">🌉</text></svg>';
  const href = "data:image/svg+xml," + encodeURIComponent(svg);
  if (link && link.getAttribute("href") !== href) link.setAttribute("href", href);
}

export default function (component) {
  favicon();
  const { data, setStateValue } = component;
  const s = storage();
  let id = s ? s.getItem(KEY) : memory;
  if (!id || !VALID.test(id)) {
    id = fresh();
    if (s) s.setItem(KEY, id);
    memory = id;
    made = true;
  }
  // Also a cookie: the server reads it (st.context.cookies) on the first run of the next
  // visit, so the page needs no extra rerun to learn whose words to show.
  document.cookie = `dari_profile=${id}; path=/; max-age=31536000; SameSite=Lax`;
  // Report only what the server does not know yet: an unchanged report would rerun for nothing.
  // A new id says so ("fresh"): the server then knows there is nothing to read for it and
  // leaves the database closed until this reader first saves something.
  if (!data || data.known !== id) {
    if (made) setStateValue("fresh", true);
    setStateValue("id", id);
    made = false; // a later report (a new session after a reconnect) is of an id that may hold data
  }
}
