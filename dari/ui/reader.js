// The reading surface: everything that should answer at the speed of a frame, not of a
// server round trip. View switches, toggles, highlights, tooltips, study reveals and
// the word/term cards happen here; the new state is then reported to Python
// (setStateValue), which mirrors it in the URL.
//
// History: a change of view, toggle or page is pushed here (history.pushState) with the
// very URL the server will write a moment later, so Streamlit sees the URL already equal
// and adds no second entry; Back/Forward (popstate) re-applies the URL's state here, and
// the server, on its history-navigation rerun, takes the URL's side.
//
// Keyboard: the text is one tab stop (roving tabindex). Arrows move between sentences
// and the paragraphs' buttons, Ctrl/Alt + arrows between the words, terms, notes and
// read-aloud button of the current sentence; Enter opens; Escape closes.
//
// Safety: the HTML comes from dari/render.py, which escapes every text. Nothing here
// parses a string as HTML: cards are built with createElement + textContent.

const VIEWS = ["side", "stacked", "ko", "en"];
const URL_NAMES = ["view", "study", "roman", "marks", "page"]; // in the order the server writes them
const DEFAULTS = { view: "side", study: false, roman: false, marks: true, page: 1 };
const SIZES = [0.9, 1, 1.15, 1.3, 1.5];
const THEMES = ["auto", "dark", "light"];
const NARROW = "(max-width: 767px), (max-height: 500px)"; // phones, upright or on their side
const mounted = new WeakMap(); // parentElement -> per-instance state

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function safeHref(url) {
  return typeof url === "string" && /^https:\/\//i.test(url) ? url : null;
}

function voicesFor(lang) {
  if (!("speechSynthesis" in window)) return [];
  return window.speechSynthesis.getVoices().filter((v) => v.lang && v.lang.toLowerCase().startsWith(lang));
}

function stored(key, fallback) {
  try {
    const v = window.localStorage.getItem(key);
    return v === null ? fallback : v;
  } catch (e) {
    return fallback; // storage disabled: nothing is remembered, everything still works
  }
}

function store(key, value) {
  try {
    window.localStorage.setItem(key, String(value));
  } catch (e) {
    /* storage disabled or full */
  }
}

// Python sends the payload as UTF-8 JSON bytes (see dari.reading.PagePayload).
const utf8 = new TextDecoder();
function decode(raw) {
  if (raw instanceof Uint8Array) return JSON.parse(utf8.decode(raw));
  if (raw instanceof ArrayBuffer) return JSON.parse(utf8.decode(new Uint8Array(raw)));
  return raw || {};
}

export default function (component) {
  const { parentElement, setStateValue, setTriggerValue } = component;
  const data = decode(component.data);
  const host = parentElement;
  let inst = mounted.get(host);
  if (!inst) {
    inst = { html: null, root: null, card: null, tip: null };
    mounted.set(host, inst);
  }
  const L = data.labels || {};
  const state = Object.assign({}, data.state);
  if (data.ui) document.documentElement.lang = data.ui; // <html lang> follows the interface

  // Re-render only when the server sent different HTML: keeps scroll position,
  // revealed sentences and open cards across reruns that change nothing visible.
  const newHtml = inst.html !== data.html;
  if (newHtml) {
    if (!inst.root) {
      host.classList.add("dari-host");
      inst.root = el("div", "dari-root");
      host.appendChild(inst.root);
      inst.tip = el("div", "dari-tip");
      inst.tip.setAttribute("role", "tooltip");
      inst.tip.id = "dari-tip";
      inst.tip.hidden = true;
      host.appendChild(inst.tip);
      inst.card = el("aside", "dari-card");
      inst.card.hidden = true;
      inst.card.setAttribute("aria-live", "polite");
      host.appendChild(inst.card);
      wire(inst);
    }
    inst.root.innerHTML = data.html; // trusted: built by dari/render.py with every text escaped (or that, read back from dari.derived's cache, outside any library)
    inst.html = data.html;
    // Marks are coloured by the glossary category (reader.css, .dari-term[data-cat]).
    const terms = data.terms || {};
    inst.root.querySelectorAll(".dari-term").forEach((n) => {
      const t = terms[n.dataset.term];
      if (t && t.category_key) n.dataset.cat = t.category_key;
    });
    inst.current = null; // the roving tab stop is chosen again below
  }
  inst.data = data;
  inst.L = L;
  inst.setStateValue = setStateValue;
  inst.setTriggerValue = setTriggerValue;
  const newDocument = inst.doc !== data.doc;
  const previousPage = inst.renderedPage;
  inst.doc = data.doc;
  if (!inst.state || newDocument) {
    // Revealed sentences and pending changes belong to the document they were made in.
    inst.state = state;
    inst.state.page = data.page;
    inst.pending = {};
    closeCard(inst, false);
    inst.openedTerm = null;
    inst.focused = null;
    // First mount: a phone with no view in the URL reads stacked. This replaces the URL
    // rather than adding to history: Back from here leaves the page, as it should.
    const firstMount = !inst.mounted;
    inst.mounted = true;
    if (firstMount && !data.view_in_url && window.matchMedia("(max-width: 640px)").matches && state.view === "side") {
      setState(inst, "view", "stacked", "replace");
    }
    if (firstMount && window.matchMedia("(max-height: 500px)").matches) collapseSidebar();
    if (!firstMount && newDocument) collapseSidebar(true); // a pick from the sidebar on a phone
  } else {
    // The server echoes state back one rerun late. A value changed here and not yet
    // echoed (pending) wins over the server's older one; anything else the server
    // says (a link, a language switch, Back) is adopted.
    for (const [name, value] of Object.entries(state)) {
      if (name in inst.pending) {
        if (same(value, inst.pending[name])) delete inst.pending[name];
      } else {
        inst.state[name] = value;
      }
    }
    if ("page" in inst.pending) {
      if (inst.pending.page === data.page) delete inst.pending.page;
    } else {
      inst.state.page = data.page;
    }
  }
  inst.renderedPage = data.page;
  // A pick in the sidebar (a document, the interface language) closes it on a phone.
  if (inst.lastUi && inst.lastUi !== data.ui) collapseSidebar(true);
  inst.lastUi = data.ui;
  comfortSetup(inst);
  apply(inst);
  learnerApply(inst); // saved-word statuses (end of file)
  speechSetup(inst);
  hintSetup(inst);
  rovingSetup(inst);
  if (newHtml && inst.glossOpen) toggleGlossary(inst, true);

  if (inst.focusAfterPage && data.page === pageOf(inst, inst.focusAfterPage.block)) {
    const { seg, block } = inst.focusAfterPage;
    inst.focusAfterPage = null;
    requestAnimationFrame(() => scrollToSegment(inst, seg, block));
  } else if (previousPage !== undefined && previousPage !== data.page && !newDocument && !data.focus) {
    // A new page starts at its first paragraph, not wherever the old one was scrolled to.
    const first = inst.root.querySelector(".dari-body .dari-block");
    if (first) requestAnimationFrame(() => scrollToBlock(inst, first.dataset.block, false));
  }

  if (!data.open_term) inst.openedTerm = null;
  if (data.open_term && data.open_term !== inst.openedTerm) {
    const fromSidebar = inst.shownOnce;
    inst.openedTerm = data.open_term;
    showTerm(inst, data.open_term, false);
    if (fromSidebar) collapseSidebar(true);
  }
  inst.shownOnce = true;
  if (data.focus && data.focus !== inst.focused) {
    inst.focused = data.focus;
    requestAnimationFrame(() => scrollToBlock(inst, data.focus));
  }
}

// ---- state, URL and history ----------------------------------------------------------

function studyOn(inst) {
  // English-only with study would hide everything: study is off (and says why) there.
  return !!inst.state.study && inst.state.view !== "en";
}

function apply(inst) {
  const root = inst.root;
  const s = inst.state;
  for (const v of VIEWS) root.classList.toggle(`dari-view-${v}`, s.view === v);
  root.classList.toggle("dari-study", studyOn(inst));
  root.classList.toggle("dari-roman-on", !!s.roman);
  root.classList.toggle("dari-marks-off", !s.marks);
  root.querySelectorAll("button.dari-view").forEach((b) => {
    b.setAttribute("aria-pressed", String(b.dataset.view === s.view));
  });
  root.querySelectorAll("button.dari-toggle").forEach((b) => {
    b.setAttribute("aria-pressed", String(!!s[b.dataset.toggle]));
  });
  const studyButton = root.querySelector("button.dari-toggle[data-toggle=study]");
  if (studyButton) {
    studyButton.disabled = s.view === "en";
    if (s.view === "en") studyButton.setAttribute("aria-describedby", "dari-study-off");
    else studyButton.removeAttribute("aria-describedby");
  }
  const revealed = new Set(s.revealed || []);
  const hiding = studyOn(inst);
  root.querySelectorAll(".dari-en .dari-seg").forEach((seg) => {
    const shown = revealed.has(seg.dataset.seg);
    seg.classList.toggle("dari-revealed", shown);
    // Hidden English is hidden from screen readers too; they hear "English hidden" instead.
    const hidden = hiding && !shown && !seg.classList.contains("dari-missing");
    for (const child of seg.children) {
      if (child.classList.contains("dari-hidden-label")) child.hidden = !hidden;
      else if (hidden) child.setAttribute("aria-hidden", "true");
      else child.removeAttribute("aria-hidden");
    }
  });
  root.querySelectorAll("button.dari-reveal").forEach((b) => {
    const ids = Array.from(b.closest(".dari-block").querySelectorAll(".dari-en .dari-seg")).map((n) => n.dataset.seg);
    const all = ids.length > 0 && ids.every((id) => revealed.has(id));
    b.setAttribute("aria-pressed", String(all));
    b.textContent = all ? b.dataset.hide : b.dataset.show;
  });
  root.dataset.view = s.view;
  // Paragraph links carry the whole reading URL, so "copy link" gives a working link.
  root.querySelectorAll("a.dari-plink").forEach((a) => {
    a.href = shareUrl(inst, Number(a.dataset.p));
  });
  layoutOffsets(inst);
}

function layoutOffsets(inst) {
  // The sticky toolbar sits under Streamlit's fixed header, never beneath it; anchored
  // paragraphs clear both.
  const header = document.querySelector('[data-testid="stHeader"]');
  const headerHeight = header ? header.getBoundingClientRect().height : 0;
  inst.root.style.setProperty("--dari-header", `${Math.round(headerHeight)}px`);
  const bar = inst.root.querySelector(".dari-toolbar");
  if (bar) inst.root.style.setProperty("--dari-bar", `${bar.offsetHeight}px`);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

const SETTINGS = ["view", "study", "roman", "marks", "page", "revealed"];

function paramValue(name, value) {
  if (value === undefined || value === null || value === "" || value === DEFAULTS[name]) return null;
  if (typeof value === "boolean") return value ? "1" : "0";
  return String(value);
}

// The URL the server writes for this state (dari/ui/pages/read.py, wanted_params): the
// same names, in the same order, defaults left out, p dropped when the page changes.
function urlFor(inst, extra) {
  const url = new URL(window.location.href);
  const q = url.searchParams;
  const pageParam = paramValue("page", inst.state.page);
  if (inst.state.page !== undefined && pageParam !== q.get("page")) q.delete("p");
  for (const name of URL_NAMES) {
    if (inst.state[name] === undefined) continue;
    const v = paramValue(name, inst.state[name]);
    if (v === null) q.delete(name);
    else q.set(name, v);
  }
  for (const [name, v] of Object.entries(extra || {})) {
    if (v === null || v === "") q.delete(name);
    else q.set(name, String(v));
  }
  url.search = q.toString();
  return url;
}

function writeUrl(inst, mode, extra) {
  if (!mode) return;
  const url = urlFor(inst, extra);
  if (url.href === window.location.href) return;
  if (mode === "replace") window.history.replaceState(window.history.state, "", url.href);
  else window.history.pushState(window.history.state, "", url.href);
}

function shareUrl(inst, p) {
  // Everything that says what is read and how; not ui (the reader's own language) nor term.
  const url = urlFor(inst, { p, ui: null, term: null });
  if (inst.data.doc) url.searchParams.set("doc", inst.data.doc);
  url.hash = "";
  return url.href;
}

function report(inst) {
  // Always the whole set under one key: two setStateValue calls a few ms apart under
  // different keys can reach the server as the second alone, losing the first.
  const settings = {};
  for (const key of SETTINGS) if (inst.state[key] !== undefined) settings[key] = inst.state[key];
  inst.setStateValue("settings", settings);
}

function setState(inst, name, value, history = "push") {
  inst.state[name] = value;
  inst.pending[name] = value;
  apply(inst);
  if (URL_NAMES.includes(name)) writeUrl(inst, history);
  report(inst);
}

function flag(value, fallback) {
  if (value === null) return fallback;
  return ["1", "true", "yes", "on"].includes(value.trim().toLowerCase());
}

// Back or Forward: the URL says what to show.
function adoptUrl(inst) {
  const q = new URLSearchParams(window.location.search);
  const s = inst.state;
  s.view = VIEWS.includes(q.get("view")) ? q.get("view") : "side";
  s.study = flag(q.get("study"), false);
  s.roman = flag(q.get("roman"), false);
  s.marks = flag(q.get("marks"), true);
  const page = Number(q.get("page"));
  const p = Number(q.get("p"));
  s.page = Number.isInteger(page) && page > 0 ? page : Number.isInteger(p) && p > 0 ? pageOf(inst, p) : 1;
  for (const name of URL_NAMES) delete inst.pending[name];
  if (s.page !== inst.data.page) inst.pending.page = s.page; // the server's rerun brings that page
  apply(inst);
  // The URL in the form the server writes it (?view=side is the default, left out), so
  // the server's next write finds it equal and adds no entry of its own.
  writeUrl(inst, "replace");
  const term = q.get("term");
  if (term && termOf(inst, term)) {
    if (inst.card.hidden || inst.card.dataset.term !== term) showTerm(inst, term, false);
  } else if (!inst.card.hidden && inst.card.dataset.kind === "term") {
    closeCard(inst, false);
  }
  inst.openedTerm = term || null;
  report(inst);
}

function segsOf(inst, id) {
  return inst.root.querySelectorAll(`.dari-seg[data-seg="${CSS.escape(id)}"]`);
}

function highlight(inst, id, on) {
  inst.root.querySelectorAll(".dari-seg.dari-hl").forEach((n) => n.classList.remove("dari-hl"));
  if (on && id) segsOf(inst, id).forEach((n) => n.classList.add("dari-hl"));
}

function scroller(node) {
  for (let n = node.parentElement; n; n = n.parentElement) {
    const s = getComputedStyle(n);
    if ((s.overflowY === "auto" || s.overflowY === "scroll") && n.scrollHeight > n.clientHeight) return n;
  }
  return document.scrollingElement;
}

function scrollToBlock(inst, block, flash = true) {
  const target = inst.root.querySelector(`#dari-p-${Number(block)}`);
  if (!target) return;
  target.scrollIntoView({ block: "start", behavior: "instant" });
  if (!flash) return;
  target.classList.add("dari-flash");
  setTimeout(() => target.classList.remove("dari-flash"), 1600);
}

function scrollToSegment(inst, segId, block) {
  const page = pageOf(inst, block);
  if (page !== inst.data.page) {
    inst.focusAfterPage = { seg: segId, block };
    setState(inst, "page", page);
    return;
  }
  const node = inst.root.querySelector(`.dari-ko .dari-seg[data-seg="${CSS.escape(segId)}"]`)
    || inst.root.querySelector(".dari-title");
  if (!node) return;
  node.scrollIntoView({ block: "center", behavior: "instant" });
  highlight(inst, segId, true);
}

function pageOf(inst, block) {
  const per = inst.data.blocks_per_page || 40;
  return block <= 0 ? inst.data.page : Math.floor((block - 1) / per) + 1;
}

// ---- the sidebar on a phone ---------------------------------------------------------------

function collapseSidebar(onlyIfNarrow) {
  if (onlyIfNarrow && !window.matchMedia(NARROW).matches) return;
  const button = document.querySelector('[data-testid="stSidebar"] [data-testid="stSidebarCollapseButton"] button')
    || document.querySelector('[data-testid="stSidebar"] button[data-testid="stBaseButton-headerNoPadding"]');
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (!button || !sidebar) return;
  const r = sidebar.getBoundingClientRect();
  if (r.width > 0 && r.right > 0) button.click();
}

// ---- tooltips -------------------------------------------------------------------------

function showTip(inst, target, text) {
  const tip = inst.tip;
  tip.textContent = text;
  tip.hidden = false;
  // Fixed to the viewport and kept inside it, wherever the target sits.
  const margin = 8;
  const r = target.getBoundingClientRect();
  tip.style.left = "0px";
  tip.style.top = "0px";
  const w = tip.offsetWidth;
  const h = tip.offsetHeight;
  const left = Math.min(Math.max(margin, r.left), window.innerWidth - w - margin);
  let top = r.bottom + 6;
  if (top + h > window.innerHeight - margin) top = r.top - h - 6;
  top = Math.min(Math.max(margin, top), window.innerHeight - h - margin);
  tip.style.left = `${Math.max(margin, left)}px`;
  tip.style.top = `${top}px`;
}

function hideTip(inst) {
  inst.tip.hidden = true;
}

function hiddenEnglish(inst, node) {
  const seg = node.closest(".dari-en .dari-seg");
  return !!seg && studyOn(inst) && !seg.classList.contains("dari-revealed");
}

function noteOf(inst, target) {
  if (target.classList.contains("dari-note")) return target.dataset.note;
  if (hiddenEnglish(inst, target)) return null; // a term's English would give the sentence away
  const term = inst.data.terms && inst.data.terms[target.dataset.term];
  return term ? `${term.headword} · ${term.english.join("; ")} — ${term.note}` : null;
}

// ---- events ---------------------------------------------------------------------------

function wire(inst) {
  const root = inst.root;
  root.addEventListener("pointerdown", (e) => {
    inst.pointerType = e.pointerType;
    // Whether the sentence was lit before this tap (focus, which follows, lights it too).
    const seg = e.target.closest && e.target.closest(".dari-seg");
    inst.litAtDown = !!seg && seg.classList.contains("dari-hl");
  });
  root.addEventListener("mouseover", (e) => {
    if (inst.pointerType === "touch") return; // a tap is handled as a click
    const seg = e.target.closest(".dari-seg");
    if (seg) highlight(inst, seg.dataset.seg, true);
    const t = e.target.closest(".dari-term, .dari-note");
    // Notes always show; term notes only while terms are marked.
    if (t && (t.classList.contains("dari-note") || !inst.root.classList.contains("dari-marks-off"))) {
      const text = noteOf(inst, t);
      if (text) showTip(inst, t, text);
    }
  });
  root.addEventListener("mouseout", (e) => {
    const t = e.target.closest(".dari-term, .dari-note");
    if (t && !t.contains(e.relatedTarget)) hideTip(inst);
  });
  root.addEventListener("focusin", (e) => {
    const t = e.target.closest(".dari-note, .dari-term");
    const text = t && noteOf(inst, t);
    if (text) showTip(inst, t, text);
    else hideTip(inst);
    const seg = e.target.closest(".dari-seg");
    if (seg) highlight(inst, seg.dataset.seg, true);
  });
  root.addEventListener("focusout", () => hideTip(inst));
  root.addEventListener("keydown", (e) => onKey(inst, e));
  root.addEventListener("input", (e) => {
    if (e.target.classList.contains("dari-gloss-q")) renderGlossary(inst);
  });

  root.addEventListener("click", (e) => {
    const target = e.target;
    const touch = (e.pointerType || inst.pointerType) === "touch";
    const litBefore = inst.litAtDown;
    inst.pointerType = null;
    inst.litAtDown = false;
    const btn = target.closest("button, a, select");
    if (btn && btn.classList.contains("dari-view")) return setState(inst, "view", btn.dataset.view);
    if (btn && btn.classList.contains("dari-toggle")) {
      const name = btn.dataset.toggle;
      return setState(inst, name, !inst.state[name]);
    }
    if (btn && btn.classList.contains("dari-page")) return setState(inst, "page", Number(btn.dataset.page));
    if (btn && btn.classList.contains("dari-plink")) {
      e.preventDefault();
      const p = Number(btn.dataset.p);
      scrollToBlock(inst, p);
      writeUrl(inst, "push", { p });
      return inst.setTriggerValue("paragraph", p);
    }
    if (btn && btn.classList.contains("dari-say")) return speak(inst, [btn.closest(".dari-seg")], btn.dataset.say);
    if (btn && btn.classList.contains("dari-play")) return playParagraph(inst, btn);
    if (btn && btn.classList.contains("dari-reveal")) {
      const block = btn.closest(".dari-block");
      const ids = Array.from(block.querySelectorAll(".dari-en .dari-seg")).map((n) => n.dataset.seg);
      return btn.getAttribute("aria-pressed") === "true" ? conceal(inst, ids) : reveal(inst, ids);
    }
    if (btn && btn.classList.contains("dari-reveal-all")) return reveal(inst, allEnglish(inst));
    if (btn && btn.classList.contains("dari-hide-all")) return conceal(inst, allEnglish(inst));
    if (btn && btn.classList.contains("dari-size")) return changeSize(inst, Number(btn.dataset.size));
    if (btn && btn.classList.contains("dari-theme")) return changeTheme(inst);
    if (btn && btn.classList.contains("dari-hint-close")) return dismissHint(inst);
    if (btn && btn.classList.contains("dari-gloss-open")) return toggleGlossary(inst);
    if (btn && btn.classList.contains("dari-gloss-close")) return toggleGlossary(inst, false);
    if (btn && btn.classList.contains("dari-gloss-cat")) {
      inst.glossCat = inst.glossCat === btn.dataset.cat ? null : btn.dataset.cat;
      return renderGlossary(inst);
    }
    if (btn && btn.classList.contains("dari-gloss-item")) {
      if (window.matchMedia(NARROW).matches) toggleGlossary(inst, false); // the sheet makes room for the card
      return showTerm(inst, btn.dataset.term, true, null);
    }
    if (btn && btn.tagName === "SELECT") return;
    if (target.closest(".dari-gloss")) return;
    const seg = target.closest(".dari-seg");
    if (seg) moveTo(inst, seg, false);
    // On a touch screen the first tap on a sentence only lights it and its English up
    // (what hover does with a mouse); a word's card, and the word list, need a tap on a
    // sentence already lit.
    const wasLit = touch ? litBefore : seg && seg.classList.contains("dari-hl");
    if (seg) highlight(inst, seg.dataset.seg, true);
    const inEnglish = seg && seg.closest(".dari-en");
    if (studyOn(inst) && inEnglish && !seg.classList.contains("dari-revealed")) {
      return reveal(inst, [seg.dataset.seg]);
    }
    const term = target.closest(".dari-term");
    const word = target.closest(".dari-w");
    const note = target.closest(".dari-note");
    if (note) return showTip(inst, note, note.dataset.note);
    if (touch && seg && !wasLit) return;
    if (word) return showWord(inst, Number(word.dataset.w), word);
    if (term && !inst.root.classList.contains("dari-marks-off")) return showTerm(inst, term.dataset.term, true, term);
    if (studyOn(inst) && inEnglish) return conceal(inst, [seg.dataset.seg]); // tap again: hide again
  });

  document.addEventListener("keydown", (e) => {
    const panel = inst.root.querySelector(".dari-gloss");
    if (e.key === "Escape" && inst.card.hidden && panel && !panel.hidden) {
      toggleGlossary(inst, false);
      return;
    }
    if (e.key === "Escape" && (!inst.card.hidden || !inst.tip.hidden)) {
      hideTip(inst);
      if (!inst.card.hidden) {
        closeCard(inst, true);
        e.preventDefault();
      }
    }
  });
  // A tap or click outside an open card closes it (the card's own opener reopens it).
  document.addEventListener("pointerdown", (e) => {
    if (inst.card.hidden || inst.card.contains(e.target)) return;
    if (e.target.closest && e.target.closest(".dari-w, .dari-term, .dari-occ, .dari-toolbar")) return;
    if (!window.matchMedia(NARROW).matches && !e.target.closest(".dari-root")) return;
    closeCard(inst, false);
  });
  window.addEventListener("popstate", () => adoptUrl(inst));
  window.addEventListener("resize", () => layoutOffsets(inst));
  const scheme = window.matchMedia("(prefers-color-scheme: dark)");
  if (scheme.addEventListener) scheme.addEventListener("change", () => comfortSetup(inst));
}

function allEnglish(inst) {
  return Array.from(inst.root.querySelectorAll(".dari-body .dari-en .dari-seg:not(.dari-missing)")).map((n) => n.dataset.seg);
}

function reveal(inst, ids) {
  const all = new Set(inst.state.revealed || []);
  ids.forEach((id) => all.add(id));
  setState(inst, "revealed", Array.from(all).sort());
}

function conceal(inst, ids) {
  const drop = new Set(ids);
  setState(inst, "revealed", (inst.state.revealed || []).filter((id) => !drop.has(id)));
}

// ---- keyboard: one tab stop, arrows inside -------------------------------------------------

function visible(node) {
  return node.offsetParent !== null || node.getClientRects().length > 0;
}

// Sentence-level stops in reading order: the title, every visible sentence, and each
// paragraph's buttons (reveal, read aloud, link).
function stops(inst) {
  return Array.from(inst.root.querySelectorAll(
    ".dari-header .dari-seg, .dari-body .dari-seg, .dari-body .dari-tools > button, .dari-body .dari-tools > a",
  )).filter(visible);
}

// Word-level stops inside a sentence: its words (one per word, however many spans it is
// cut into), its English terms, notes and read-aloud button.
function parts(seg) {
  const seen = new Set();
  return Array.from(seg.querySelectorAll(".dari-w, .dari-en .dari-term, .dari-note, .dari-say")).filter((n) => {
    if (!visible(n)) return false;
    if (n.classList.contains("dari-w")) {
      if (seen.has(n.dataset.w)) return false;
      seen.add(n.dataset.w);
    } else if (n.classList.contains("dari-term")) {
      if (n.closest(".dari-w")) return false;
    }
    return true;
  });
}

function rovingSetup(inst) {
  const all = stops(inst);
  if (!all.length) return;
  let current = inst.current && inst.root.contains(inst.current) && visible(inst.current) ? inst.current : null;
  if (!current) current = all[0];
  for (const n of inst.root.querySelectorAll("[data-roving]")) {
    if (n !== current) {
      n.setAttribute("tabindex", "-1");
    }
  }
  for (const n of all) n.setAttribute("tabindex", n === current ? "0" : "-1");
  markCurrent(inst, current);
}

function markCurrent(inst, node) {
  if (inst.current && inst.current !== node) {
    inst.current.setAttribute("tabindex", "-1");
    inst.current.removeAttribute("aria-describedby");
  }
  inst.current = node;
  node.setAttribute("tabindex", "0");
  node.dataset.roving = "1";
  if (!inst.keysExplained) node.setAttribute("aria-describedby", "dari-keys");
}

function moveTo(inst, node, focus = true) {
  markCurrent(inst, node);
  if (focus) {
    node.focus({ preventScroll: false });
    inst.keysExplained = true;
  }
}

function onKey(inst, e) {
  const target = e.target;
  if (!target.closest || !target.closest(".dari-body, .dari-header")) return;
  if (target.tagName === "SELECT") return;
  const key = e.key;
  const arrows = ["ArrowDown", "ArrowRight", "ArrowUp", "ArrowLeft", "Home", "End"];
  if (arrows.includes(key)) {
    const forward = key === "ArrowDown" || key === "ArrowRight";
    const seg = target.closest(".dari-seg");
    if ((e.ctrlKey || e.altKey) && key.startsWith("Arrow")) {
      // Words: within the sentence, then on into the next or previous one.
      const all = stops(inst).filter((n) => n.classList.contains("dari-seg"));
      let here = seg || all[0];
      let list = parts(here);
      let i = list.indexOf(target);
      i = forward ? i + 1 : (i < 0 ? list.length - 1 : i - 1);
      let guard = 0;
      while ((i < 0 || i >= list.length) && guard++ < 400) {
        const j = all.indexOf(here) + (forward ? 1 : -1);
        if (j < 0 || j >= all.length) return e.preventDefault();
        here = all[j];
        list = parts(here);
        i = forward ? 0 : list.length - 1;
      }
      if (list[i]) moveTo(inst, list[i]);
      return e.preventDefault();
    }
    const all = stops(inst);
    const from = seg && !all.includes(target) ? seg : target;
    let i = all.indexOf(from);
    if (key === "Home") i = 0;
    else if (key === "End") i = all.length - 1;
    else i = Math.min(all.length - 1, Math.max(0, i + (forward ? 1 : -1)));
    if (all[i]) moveTo(inst, all[i]);
    return e.preventDefault();
  }
  if (key === "Enter" || key === " ") {
    if (target.tagName === "BUTTON" || target.tagName === "A") return; // their own click
    if (target.classList.contains("dari-w")) {
      e.preventDefault();
      return showWord(inst, Number(target.dataset.w), target);
    }
    if (target.classList.contains("dari-term")) {
      e.preventDefault();
      return showTerm(inst, target.dataset.term, true, target);
    }
    const seg = target.closest(".dari-seg");
    if (seg && studyOn(inst)) {
      e.preventDefault();
      const id = seg.dataset.seg;
      return (inst.state.revealed || []).includes(id) ? conceal(inst, [id]) : reveal(inst, [id]);
    }
  }
}

// ---- cards -------------------------------------------------------------------------

function closeCard(inst, restoreFocus) {
  const card = inst.card;
  if (!card || card.hidden) return;
  card.hidden = true;
  inst.root.querySelectorAll(".dari-picked").forEach((n) => n.classList.remove("dari-picked"));
  // A closed term card takes ?term= out of the URL. openedTerm stays set until the
  // server confirms, so a rerun already on its way does not reopen the card.
  if (card.dataset.kind === "term" && restoreFocus !== false) {
    writeUrl(inst, "push", { term: null });
    inst.setTriggerValue("term", "");
  }
  if (restoreFocus && inst.opener && inst.root.contains(inst.opener)) inst.opener.focus({ preventScroll: true });
}

function openCard(inst, titleText, lang) {
  const card = inst.card;
  inst.root.querySelectorAll(".dari-picked").forEach((n) => n.classList.remove("dari-picked"));
  const active = document.activeElement;
  inst.opener = active && inst.root.contains(active) ? active : inst.current;
  card.replaceChildren();
  card.removeAttribute("data-term");
  const head = el("div", "dari-card-head");
  const title = el("strong", "dari-card-title", titleText);
  if (lang) title.lang = lang;
  const close = el("button", "dari-card-close", "×");
  close.type = "button";
  close.setAttribute("aria-label", inst.L["card.close"] || "Close");
  close.addEventListener("click", () => closeCard(inst, true));
  head.append(title, close);
  card.append(head);
  card.hidden = false;
  card.setAttribute("aria-label", titleText);
  return card;
}

// On a phone the card is a bottom sheet: the sentence it explains, and its English, are
// scrolled into the space between the toolbar and the sheet.
function keepInView(inst, node) {
  if (!node || !window.matchMedia(NARROW).matches) return;
  requestAnimationFrame(() => {
    const seg = node.closest(".dari-seg") || node;
    const boxes = Array.from(segsOf(inst, seg.dataset.seg || "")).filter(visible).map((n) => n.getBoundingClientRect());
    if (!boxes.length) boxes.push(seg.getBoundingClientRect());
    const top = Math.min(...boxes.map((b) => b.top));
    const bottom = Math.max(...boxes.map((b) => b.bottom));
    const bar = inst.root.querySelector(".dari-toolbar").getBoundingClientRect();
    const sheetTop = inst.card.getBoundingClientRect().top;
    const roomTop = bar.bottom + 8;
    const roomBottom = sheetTop - 8;
    let delta = 0;
    if (bottom > roomBottom) delta = bottom - roomBottom;
    if (top - delta < roomTop) delta = top - roomTop; // a tall pair: its start wins
    if (Math.abs(delta) < 1) return;
    const box = scroller(inst.root);
    // Room to scroll past the end, so the last sentence can rise above the sheet too.
    inst.root.style.paddingBottom = `${Math.ceil(window.innerHeight - sheetTop)}px`;
    box.scrollTop += delta;
  });
}

function row(card, label, value, lang) {
  if (value === null || value === undefined || value === "") return;
  const r = el("div", "dari-card-row");
  r.append(el("span", "dari-card-label", label));
  const v = el("span", "dari-card-value", value);
  if (lang) v.lang = lang;
  r.append(v);
  card.append(r);
}

// A word's meaning matched in the aligned English: both sides carry data-echo (dari/render.py).
function clearEcho(inst) {
  inst.root.querySelectorAll(".dari-echo").forEach((n) => n.classList.remove("dari-echo"));
}

function lightEcho(inst, node) {
  clearEcho(inst);
  const id = node && node.dataset.echo;
  if (id === undefined) return;
  node.classList.add("dari-echo");
  // Both sides of the segment: the Korean word's pieces and the English stretch share the id.
  const seg = node.closest(".dari-seg");
  const segs = seg ? segsOf(inst, seg.dataset.seg) : [];
  segs.forEach((s) => {
    s.querySelectorAll(`[data-echo="${CSS.escape(id)}"]`).forEach((n) => n.classList.add("dari-echo"));
  });
}

function meaningSection(inst, card, meaning, note) {
  const L = inst.L;
  const box = el("div", "dari-card-meaning");
  if (meaning && meaning.length) {
    const m = el("p", "dari-meaning", meaning.join("; "));
    m.lang = "en";
    box.append(m);
    if (note) box.append(el("p", "dari-meaning-note", note));
  } else {
    box.classList.add("dari-no-meaning");
    box.append(el("p", "dari-meaning-none", L["card.no_meaning"]));
    if (inst.data.lexicon_problem) {
      box.append(el("p", "dari-meaning-hint", `${L["card.lexicon_broken"]} ${inst.data.lexicon_problem}`));
    } else {
      box.append(el("p", "dari-meaning-hint", L["card.no_meaning_hint"]));
    }
  }
  card.append(box);
}

function showWord(inst, index, node) {
  const L = inst.L;
  const w = (inst.data.words || [])[index];
  if (!w) return;
  const [surface, lemma, pos, rom, morphemes, glossary, links, meaning, note] = w;
  const card = openCard(inst, surface, "ko");
  card.dataset.kind = "word";
  // The meaning comes first, under the word; then the analysis.
  meaningSection(inst, card, meaning, note);
  lightEcho(inst, node);
  const close = card.querySelector(".dari-card-close");
  if (close) close.addEventListener("click", () => clearEcho(inst));
  row(card, L["card.dictionary_form"], lemma, "ko");
  row(card, L["card.pos"], pos);
  row(card, L["card.romanization"], rom);
  if (morphemes && morphemes.length) {
    card.append(el("div", "dari-card-label", L["card.morphemes"]));
    const list = el("ul", "dari-morphs");
    for (const [form, tag, gloss] of morphemes) {
      const li = el("li");
      const f = el("span", "dari-morph-form", form);
      f.lang = "ko";
      li.append(f, el("span", "dari-morph-tag", tag), el("span", "dari-morph-gloss", gloss));
      list.append(li);
    }
    card.append(list);
  }
  if (glossary) termSection(inst, card, glossary);
  learnerButtons(inst, card, index, node); // save with a status (end of file)
  linkList(inst, card, links);
  if (node) node.classList.add("dari-picked");
  keepInView(inst, node);
  inst.setTriggerValue("word", { index, surface });
}

function linkList(inst, card, links) {
  const good = (links || []).filter((l) => Array.isArray(l) && safeHref(l[1]));
  if (!good.length) return;
  card.append(el("div", "dari-card-label", inst.L["card.dictionaries"]));
  const p = el("p", "dari-links");
  for (const [name, url] of good) {
    const a = el("a", null, name);
    a.href = safeHref(url);
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    p.append(a);
  }
  card.append(p);
}

// A glossary entry: this document's (with its occurrences) or, failing that, the glossary's.
function termOf(inst, headword) {
  const inDocument = inst.data.terms && inst.data.terms[headword];
  if (inDocument) return inDocument;
  const entry = (inst.data.glossary || []).find((e) => e.headword === headword);
  return entry ? Object.assign({ occurrences: [] }, entry) : null;
}

function termSection(inst, card, headword) {
  const L = inst.L;
  const t = termOf(inst, headword);
  if (!t) return;
  const box = el("section", "dari-card-term");
  box.dataset.term = headword;
  if (t.category_key) box.dataset.cat = t.category_key;
  const h = el("div", "dari-card-term-head", `${L["card.glossary"]}: `);
  const hw = el("strong", null, t.headword);
  hw.lang = "ko";
  h.append(hw);
  box.append(h);
  const tmp = { append: (n) => box.append(n) };
  row(tmp, L["card.romanization"], t.romanization);
  row(tmp, L["card.english"], t.english.join("; "), "en");
  row(tmp, L["card.category"], t.category);
  if (t.variants && t.variants.length) row(tmp, L["card.variants"], t.variants.join(", "), "ko");
  box.append(el("p", "dari-card-note", t.note));
  box.append(el("div", "dari-card-label", `${L["card.occurrences"]} (${t.count})`));
  if (!t.occurrences.length) {
    card.append(box);
    return;
  }
  const list = el("ol", "dari-occ");
  for (const [segId, block, surface] of t.occurrences) {
    const li = el("li");
    const a = el("a", null, surface);
    a.lang = "ko";
    a.href = `#dari-s-${String(segId).replace(".", "-")}`;
    a.addEventListener("click", (e) => {
      e.preventDefault();
      scrollToSegment(inst, String(segId), Number(block));
    });
    li.append(a, el("span", "dari-occ-where", ` ¶${block}`));
    list.append(li);
  }
  box.append(list);
  card.append(box);
}

function showTerm(inst, headword, fromReader = true, node = null) {
  const t = termOf(inst, headword);
  if (!t) return;
  inst.openedTerm = headword; // so the server echoing ?term= back does not reopen it later
  const card = openCard(inst, `${t.headword} · ${t.english[0] || ""}`, null);
  card.dataset.kind = "term";
  card.dataset.term = headword;
  termSection(inst, card, headword);
  if (fromReader) {
    writeUrl(inst, "push", { term: headword });
    inst.setTriggerValue("term", headword);
    keepInView(inst, node);
  }
}

// ---- comfort: theme, text size, the first-time hint ------------------------------------

function comfortSetup(inst) {
  const host = inst.root.parentElement;
  const choice = THEMES.includes(stored("dari.theme", "auto")) ? stored("dari.theme", "auto") : "auto";
  const systemDark = window.matchMedia("(prefers-color-scheme: dark)").matches;
  const dark = choice === "dark" || (choice === "auto" && systemDark);
  host.classList.toggle("dari-dark", dark);
  // Streamlit follows the system ([theme.light]/[theme.dark] in config.toml); a choice
  // against the system recolours its frame too (dari.ui.interface.PAGE_CSS).
  const html = document.documentElement;
  if (choice === "auto" || dark === systemDark) delete html.dataset.dariTheme;
  else html.dataset.dariTheme = dark ? "dark" : "light";
  const themeButton = inst.root.querySelector("button.dari-theme");
  if (themeButton) {
    themeButton.textContent = `${dark ? "☾" : "☀"} ${themeButton.dataset[choice]}`;
    themeButton.dataset.choice = choice;
  }
  let size = Number(stored("dari.size", "1"));
  if (!Number.isInteger(size) || size < 0 || size >= SIZES.length) size = 1;
  inst.root.style.setProperty("--dari-scale", String(SIZES[size]));
  inst.root.dataset.size = String(size);
  inst.root.querySelectorAll("button.dari-size").forEach((b) => {
    const step = Number(b.dataset.size);
    b.disabled = size + step < 0 || size + step >= SIZES.length;
  });
}

function changeTheme(inst) {
  const now = stored("dari.theme", "auto");
  store("dari.theme", THEMES[(THEMES.indexOf(now) + 1) % THEMES.length]);
  comfortSetup(inst);
}

function changeSize(inst, step) {
  const now = Number(inst.root.dataset.size || "1");
  store("dari.size", Math.min(SIZES.length - 1, Math.max(0, now + step)));
  comfortSetup(inst);
  layoutOffsets(inst);
}

function hintSetup(inst) {
  const hint = inst.root.querySelector(".dari-hint");
  if (hint) hint.hidden = stored("dari.hint", "") === "dismissed";
}

function dismissHint(inst) {
  store("dari.hint", "dismissed");
  hintSetup(inst);
  if (inst.current) inst.current.focus({ preventScroll: true });
}

// ---- speech ------------------------------------------------------------------------

function speechSetup(inst) {
  const update = () => {
    inst.root.classList.toggle("dari-tts-ko", voicesFor("ko").length > 0);
    inst.root.classList.toggle("dari-tts-en", voicesFor("en").length > 0);
  };
  update();
  if ("speechSynthesis" in window && !inst.voicesHooked) {
    inst.voicesHooked = true;
    window.speechSynthesis.addEventListener("voiceschanged", update);
  }
  const rate = inst.root.querySelector("select.dari-rate");
  if (rate && !rate.dataset.wired) {
    rate.dataset.wired = "1";
    rate.value = stored("dari.rate", "1");
    if (!rate.value) rate.value = "1";
    rate.addEventListener("change", () => store("dari.rate", rate.value));
  }
}

// Speak these sentences one after the other, lighting each up as it is read.
function speak(inst, segs, lang) {
  const voice = voicesFor(lang)[0];
  if (!voice || !segs.length) return;
  const synth = window.speechSynthesis;
  synth.cancel();
  const rate = Number(stored("dari.rate", "1")) || 1;
  for (const seg of segs) {
    const text = seg.querySelector(".dari-txt");
    if (!text) continue;
    const u = new SpeechSynthesisUtterance(text.textContent);
    u.voice = voice;
    u.lang = lang === "ko" ? "ko-KR" : voice.lang;
    u.rate = rate;
    u.onstart = () => highlight(inst, seg.dataset.seg, true);
    synth.speak(u);
  }
}

function playParagraph(inst, button) {
  const block = button.closest(".dari-block");
  const lang = inst.state.view === "en" ? "en" : "ko";
  speak(inst, Array.from(block.querySelectorAll(`.dari-${lang} .dari-seg:not(.dari-missing)`)), lang);
}

// ---- the glossary panel: search as you type, in the browser -----------------------------

// Case, spaces, hyphens and middle dots do not matter: 에코 챔버 = 에코챔버, Echo-Chamber = echochamber.
function fold(text) {
  return String(text || "").normalize("NFC").toLowerCase().replace(/[\s\-·.]/g, "");
}

function singular(word) {
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.endsWith("es")) return word.slice(0, -2);
  if (word.endsWith("s")) return word.slice(0, -1);
  return word;
}

// At most one typo: a letter inserted, dropped or changed, or two neighbours swapped.
function oneEdit(a, b) {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  if (a.length > b.length) return a.slice(i + 1) === b.slice(i);
  return a.slice(i) === b.slice(i + 1);
}

function glossKeys(entry) {
  if (!entry._keys) {
    entry._keys = {
      ko: [entry.headword, ...(entry.variants || [])].map(fold),
      en: (entry.english || []).map(fold),
      rom: [fold(entry.romanization)].filter(Boolean),
    };
  }
  return entry._keys;
}

// The best (lowest) rank of an entry for a folded query, or null: exact, prefix, an
// inflected Korean form (트위터를, 에코챔버란: the headword and a particle) or an English
// plural, inside, one typo; within a rank Korean before the preferred English before other
// English before romanization (as dari.library.glossary.search_entries ranks).
function glossRank(entry, q) {
  const keys = glossKeys(entry);
  let best = null;
  const take = (rank, kind) => {
    const score = rank * 10 + kind;
    if (best === null || score < best) best = score;
  };
  const all = [
    ...keys.ko.map((k) => [k, 0]),
    ...keys.en.map((k, i) => [k, i === 0 ? 1 : 2]),
    ...keys.rom.map((k) => [k, 3]),
  ];
  for (const [key, kind] of all) {
    if (!key) continue;
    if (key === q) take(0, kind);
    else if (key.startsWith(q)) take(1, kind);
    else if (key.includes(q)) take(3, kind);
  }
  for (const key of keys.ko) if (key.length >= 2 && q.startsWith(key)) take(2, 0);
  const single = singular(q);
  keys.en.forEach((key, i) => {
    if (single !== q && (key === single || key.startsWith(single))) take(2, i === 0 ? 1 : 2);
  });
  if (best === null && q.length >= 4) {
    for (const [key, kind] of all) {
      if (oneEdit(q, key) || (key.length > q.length && oneEdit(q, key.slice(0, q.length)))
        || (key.length > q.length && oneEdit(q, key.slice(0, q.length - 1)))) take(4, kind);
    }
  }
  return best;
}

const collator = typeof Intl !== "undefined" ? new Intl.Collator("ko") : null;

function glossaryMatches(inst, query) {
  const q = fold(query);
  const pool = (inst.data.glossary || []).filter((e) => !inst.glossCat || e.category_key === inst.glossCat);
  const byKorean = (a, b) => (collator ? collator.compare(a.headword, b.headword) : a.headword < b.headword ? -1 : 1);
  if (!q) return pool.slice().sort(byKorean);
  const ranked = [];
  for (const e of pool) {
    const rank = glossRank(e, q);
    if (rank !== null) ranked.push([rank, e]);
  }
  ranked.sort((a, b) => a[0] - b[0] || byKorean(a[1], b[1]));
  return ranked.map((r) => r[1]);
}

function renderGlossary(inst) {
  const panel = inst.root.querySelector(".dari-gloss");
  if (!panel) return;
  const input = panel.querySelector(".dari-gloss-q");
  const found = glossaryMatches(inst, input.value);
  const list = panel.querySelector(".dari-gloss-list");
  list.replaceChildren();
  for (const e of found) {
    const li = el("li");
    const b = el("button", "dari-gloss-item");
    b.type = "button";
    b.dataset.term = e.headword;
    b.dataset.cat = e.category_key;
    const hw = el("span", "dari-gloss-hw", e.headword);
    hw.lang = "ko";
    const en = el("span", "dari-gloss-en", e.english[0] || "");
    en.lang = "en";
    b.append(hw, en);
    li.append(b);
    list.append(li);
  }
  const count = panel.querySelector(".dari-gloss-count");
  count.textContent = (count.dataset.count || "{n} / {total}")
    .replace("{n}", String(found.length)).replace("{total}", String((inst.data.glossary || []).length));
  panel.querySelectorAll(".dari-gloss-cat").forEach((b) => {
    b.setAttribute("aria-pressed", String(b.dataset.cat === inst.glossCat));
  });
}

function toggleGlossary(inst, open) {
  const panel = inst.root.querySelector(".dari-gloss");
  const button = inst.root.querySelector(".dari-gloss-open");
  if (!panel) return;
  const show = open === undefined ? panel.hidden : open;
  panel.hidden = !show;
  inst.glossOpen = show;
  inst.root.parentElement.classList.toggle("dari-gloss-on", show);
  if (button) button.setAttribute("aria-expanded", String(show));
  if (show) {
    const input = panel.querySelector(".dari-gloss-q");
    if (inst.glossQuery !== undefined && input.value === "") input.value = inst.glossQuery;
    renderGlossary(inst);
    if (open === undefined) input.focus();
  } else {
    inst.glossQuery = panel.querySelector(".dari-gloss-q").value;
    if (open === false && button && panel.contains(document.activeElement)) button.focus();
  }
}

// ---- the learner's words: statuses from dari/ui/learner.py --------------------------
// data.learner = {statuses: {"lemma|pos": "new"|"learning"|"known"|"ignored"}, tint, saving}.
// A status chosen on the card recolours every form of the word at once (a frame, not a
// round trip), then goes to Python as state "learner" {changes: [...]}: every change not
// yet echoed, each with an increasing seq. Not a one-shot trigger: a rerun interrupted by
// the next click drops its trigger, and the save with it. Until the server echoes a
// change back, the local choice wins (like inst.pending above).

const STATUSES = ["new", "learning", "known", "ignored"];

function wordKey(inst, index) {
  const w = (inst.data.words || [])[index];
  return w ? `${w[1]}|${w[2]}` : null;
}

function learnerIndex(inst) {
  // key -> the word spans of this page; rebuilt only when the HTML changed.
  if (inst.learnerHtml === inst.html && inst.learnerNodes) return inst.learnerNodes;
  const nodes = new Map();
  inst.root.querySelectorAll(".dari-w").forEach((n) => {
    const key = wordKey(inst, Number(n.dataset.w));
    if (!key) return;
    if (!nodes.has(key)) nodes.set(key, []);
    nodes.get(key).push(n);
  });
  inst.learnerHtml = inst.html;
  inst.learnerNodes = nodes;
  return nodes;
}

function learnerStatus(inst, key) {
  if (inst.learnerPending && key in inst.learnerPending) return inst.learnerPending[key];
  return (inst.learnerStatuses && inst.learnerStatuses[key]) || "unknown";
}

function learnerPaint(inst, key) {
  const st = learnerStatus(inst, key);
  for (const n of learnerIndex(inst).get(key) || []) if (n.dataset.st !== st) n.dataset.st = st;
}

function learnerApply(inst) {
  const lw = inst.data.learner || {};
  inst.learnerStatuses = lw.statuses || {};
  inst.learnerSaving = !!lw.saving;
  if (!inst.learnerPending || inst.learnerDoc !== inst.doc) inst.learnerPending = {};
  inst.learnerDoc = inst.doc;
  if (!inst.learnerQueue) inst.learnerQueue = {};
  for (const [key, st] of Object.entries(inst.learnerPending)) {
    if (inst.learnerStatuses[key] === st) {
      delete inst.learnerPending[key];
      delete inst.learnerQueue[key]; // written: not sent again with the next change
    }
  }
  inst.root.classList.toggle("dari-tint", !!lw.tint);
  inst.root.dataset.unsaved = String(Object.keys(inst.learnerPending).length); // 0: the server has echoed every change
  for (const key of learnerIndex(inst).keys()) learnerPaint(inst, key);
  learnerWatchPlace(inst);
}

function learnerSet(inst, index, status, node) {
  const key = wordKey(inst, index);
  if (!key) return;
  inst.learnerPending[key] = status;
  inst.root.dataset.unsaved = String(Object.keys(inst.learnerPending).length);
  learnerPaint(inst, key);
  inst.card.querySelectorAll("button.dari-status").forEach((b) => {
    b.setAttribute("aria-pressed", String(b.dataset.status === status));
  });
  const seg = node && node.closest(".dari-seg");
  const w = inst.data.words[index];
  // Milliseconds since 1970 times 1000 plus a counter: increasing across remounts and reloads.
  inst.learnerCounter = ((inst.learnerCounter || 0) + 1) % 1000;
  inst.learnerQueue[key] = {
    seq: Date.now() * 1000 + inst.learnerCounter, lemma: w[1], pos: w[2], surface: w[0], rom: w[3],
    status, doc: inst.doc, seg: seg ? seg.dataset.seg : null,
  };
  learnerSend(inst);
}

function learnerSend(inst) {
  // A state change set a few ms after another event (the click that opened the card) can
  // reach the server without it; until the server echoes, send again every 3 s (the
  // server writes each seq once, so a repeat is harmless).
  inst.setStateValue("learner", { changes: Object.values(inst.learnerQueue), sent: Date.now() });
  clearTimeout(inst.learnerRetry);
  inst.learnerRetry = setTimeout(() => {
    if (inst.root.isConnected && inst.learnerSaving && Object.keys(inst.learnerPending).length) learnerSend(inst);
  }, 3000);
}

function learnerButtons(inst, card, index, node) {
  if (!inst.learnerSaving) return;
  const key = wordKey(inst, index);
  const current = learnerStatus(inst, key);
  card.append(el("div", "dari-card-label", inst.L["card.save_as"] || "Save as"));
  const bar = el("div", "dari-statuses");
  bar.setAttribute("role", "group");
  for (const status of STATUSES) {
    const b = el("button", `dari-status dari-status-${status}`, inst.L[`status.${status}`] || status);
    b.type = "button";
    b.dataset.status = status;
    b.setAttribute("aria-pressed", String(current === status));
    b.addEventListener("click", () => learnerSet(inst, index, status, node));
    bar.append(b);
  }
  card.append(bar);
}

function learnerWatchPlace(inst) {
  // The paragraph at the top of the screen, reported 2 s after scrolling stops and only
  // when it changed: the server remembers it as the reading position.
  if (inst.learnerPlaceHooked) return;
  inst.learnerPlaceHooked = true;
  let timer = null;
  // Capturing on document: Streamlit scrolls an inner container, not the window.
  document.addEventListener("scroll", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!inst.root.isConnected || !inst.learnerSaving) return;
      const top = (parseFloat(getComputedStyle(inst.root).getPropertyValue("--dari-bar")) || 0) + 8;
      const block = Array.from(inst.root.querySelectorAll(".dari-block")).find(
        (b) => b.getBoundingClientRect().bottom > top);
      const n = block ? Number(block.dataset.block) : 0;
      if (n > 0 && n !== inst.learnerPlace) {
        inst.learnerPlace = n;
        inst.setTriggerValue("place", n);
      }
    }, 2000);
  }, { capture: true, passive: true });
}
