// The reading surface: everything that should answer at the speed of a frame, not of a
// server round trip. View switches, toggles, highlights, tooltips, study reveals and
// the word/term cards happen here; the new state is then reported to Python
// (setStateValue), which mirrors it in the URL.
//
// Safety: the HTML comes from dari/render.py, which escapes every text. Nothing here
// parses a string as HTML: cards are built with createElement + textContent.

const VIEWS = ["side", "stacked", "ko", "en"];
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

  // Re-render only when the server sent different HTML: keeps scroll position,
  // revealed sentences and open cards across reruns that change nothing visible.
  if (inst.html !== data.html) {
    if (!inst.root) {
      inst.root = el("div", "dari-root");
      host.appendChild(inst.root);
      inst.tip = el("div", "dari-tip");
      inst.tip.setAttribute("role", "tooltip");
      inst.tip.hidden = true;
      host.appendChild(inst.tip);
      inst.card = el("aside", "dari-card");
      inst.card.hidden = true;
      inst.card.setAttribute("aria-live", "polite");
      host.appendChild(inst.card);
      wire(inst);
    }
    inst.root.innerHTML = data.html; // trusted: built by dari/render.py with every text escaped
    inst.html = data.html;
  }
  inst.data = data;
  inst.L = L;
  inst.setStateValue = setStateValue;
  inst.setTriggerValue = setTriggerValue;
  const newDocument = inst.doc !== data.doc;
  inst.doc = data.doc;
  if (!inst.state || newDocument) {
    // Revealed sentences and pending changes belong to the document they were made in.
    inst.state = state;
    inst.pending = {};
    inst.card.hidden = true;
    inst.openedTerm = null;
    inst.focused = null;
    // First mount: a phone with no view in the URL reads stacked.
    const firstMount = !inst.mounted;
    inst.mounted = true;
    if (firstMount && !data.view_in_url && window.matchMedia("(max-width: 640px)").matches && state.view === "side") {
      setState(inst, "view", "stacked");
    }
  } else {
    // The server echoes state back one rerun late. A value changed here and not yet
    // echoed (pending) wins over the server's older one; anything else the server
    // says (a link, a language switch) is adopted.
    for (const [name, value] of Object.entries(state)) {
      if (name in inst.pending) {
        if (same(value, inst.pending[name])) delete inst.pending[name];
      } else {
        inst.state[name] = value;
      }
    }
  }
  apply(inst);
  learnerApply(inst); // saved-word statuses (end of file)
  speechSetup(inst);

  if (inst.focusAfterPage && data.page === pageOf(inst, inst.focusAfterPage.block)) {
    const { seg, block } = inst.focusAfterPage;
    inst.focusAfterPage = null;
    requestAnimationFrame(() => scrollToSegment(inst, seg, block));
  }

  if (!data.open_term) inst.openedTerm = null;
  if (data.open_term && data.open_term !== inst.openedTerm) {
    inst.openedTerm = data.open_term;
    showTerm(inst, data.open_term);
  }
  if (data.focus && data.focus !== inst.focused) {
    inst.focused = data.focus;
    requestAnimationFrame(() => scrollToBlock(inst, data.focus));
  }
}

function apply(inst) {
  const root = inst.root;
  const s = inst.state;
  for (const v of VIEWS) root.classList.toggle(`dari-view-${v}`, s.view === v);
  root.classList.toggle("dari-study", !!s.study);
  root.classList.toggle("dari-roman-on", !!s.roman);
  root.classList.toggle("dari-marks-off", !s.marks);
  root.querySelectorAll("button.dari-view").forEach((b) => {
    b.setAttribute("aria-pressed", String(b.dataset.view === s.view));
  });
  root.querySelectorAll("button.dari-toggle").forEach((b) => {
    b.setAttribute("aria-pressed", String(!!s[b.dataset.toggle]));
  });
  const revealed = new Set(s.revealed || []);
  root.querySelectorAll(".dari-en .dari-seg").forEach((seg) => {
    seg.classList.toggle("dari-revealed", revealed.has(seg.dataset.seg));
  });
  root.dataset.view = s.view;
  // Anchored paragraphs must clear the sticky toolbar, which wraps to two lines on a phone.
  const bar = root.querySelector(".dari-toolbar");
  if (bar) root.style.setProperty("--dari-bar", `${bar.offsetHeight}px`);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

const SETTINGS = ["view", "study", "roman", "marks", "page", "revealed"];

function setState(inst, name, value) {
  inst.state[name] = value;
  inst.pending[name] = value;
  apply(inst);
  // Always the whole set under one key: two setStateValue calls a few ms apart under
  // different keys can reach the server as the second alone, losing the first.
  const settings = {};
  for (const key of SETTINGS) if (inst.state[key] !== undefined) settings[key] = inst.state[key];
  inst.setStateValue("settings", settings);
}

function segsOf(inst, id) {
  return inst.root.querySelectorAll(`.dari-seg[data-seg="${CSS.escape(id)}"]`);
}

function highlight(inst, id, on) {
  inst.root.querySelectorAll(".dari-seg.dari-hl").forEach((n) => n.classList.remove("dari-hl"));
  if (on && id) segsOf(inst, id).forEach((n) => n.classList.add("dari-hl"));
}

function scrollToBlock(inst, block) {
  const target = inst.root.querySelector(`#dari-p-${Number(block)}`);
  if (!target) return;
  target.scrollIntoView({ block: "start", behavior: "instant" });
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

function showTip(inst, target, text) {
  const tip = inst.tip;
  tip.textContent = text;
  tip.hidden = false;
  const r = target.getBoundingClientRect();
  const hostR = inst.root.getBoundingClientRect();
  tip.style.left = `${Math.max(0, r.left - hostR.left)}px`;
  tip.style.top = `${r.bottom - hostR.top + 6}px`;
}

function hideTip(inst) {
  inst.tip.hidden = true;
}

function noteOf(inst, target) {
  if (target.classList.contains("dari-note")) return target.dataset.note;
  const term = inst.data.terms && inst.data.terms[target.dataset.term];
  return term ? `${term.headword} · ${term.english.join("; ")} — ${term.note}` : null;
}

function wire(inst) {
  const root = inst.root;
  root.addEventListener("mouseover", (e) => {
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
    const t = e.target.closest(".dari-note");
    if (t) showTip(inst, t, t.dataset.note);
  });
  root.addEventListener("focusout", () => hideTip(inst));

  root.addEventListener("click", (e) => {
    const target = e.target;
    const btn = target.closest("button, a");
    if (btn && btn.classList.contains("dari-view")) return setState(inst, "view", btn.dataset.view);
    if (btn && btn.classList.contains("dari-toggle")) {
      const name = btn.dataset.toggle;
      return setState(inst, name, !inst.state[name]);
    }
    if (btn && btn.classList.contains("dari-page")) return setState(inst, "page", Number(btn.dataset.page));
    if (btn && btn.classList.contains("dari-plink")) {
      e.preventDefault();
      scrollToBlock(inst, btn.dataset.p);
      return inst.setTriggerValue("paragraph", Number(btn.dataset.p));
    }
    if (btn && btn.classList.contains("dari-say")) return speak(inst, btn);
    if (btn && btn.classList.contains("dari-reveal")) {
      const block = btn.closest(".dari-block");
      const ids = Array.from(block.querySelectorAll(".dari-en .dari-seg")).map((n) => n.dataset.seg);
      return reveal(inst, ids);
    }
    const seg = target.closest(".dari-seg");
    if (seg) highlight(inst, seg.dataset.seg, true);
    if (inst.state.study && seg && seg.closest(".dari-en") && !seg.classList.contains("dari-revealed")) {
      return reveal(inst, [seg.dataset.seg]);
    }
    const term = target.closest(".dari-term");
    const word = target.closest(".dari-w");
    if (word) return showWord(inst, Number(word.dataset.w), word);
    if (term && !inst.root.classList.contains("dari-marks-off")) return showTerm(inst, term.dataset.term);
    const note = target.closest(".dari-note");
    if (note) return showTip(inst, note, note.dataset.note);
  });
}

function reveal(inst, ids) {
  const all = new Set(inst.state.revealed || []);
  ids.forEach((id) => all.add(id));
  setState(inst, "revealed", Array.from(all).sort());
}

// ---- cards -------------------------------------------------------------------------

function openCard(inst, titleText, lang) {
  const card = inst.card;
  inst.root.querySelectorAll(".dari-picked").forEach((n) => n.classList.remove("dari-picked"));
  card.replaceChildren();
  const head = el("div", "dari-card-head");
  const title = el("strong", "dari-card-title", titleText);
  if (lang) title.lang = lang;
  const close = el("button", "dari-card-close", "×");
  close.type = "button";
  close.setAttribute("aria-label", inst.L["card.close"] || "Close");
  close.addEventListener("click", () => {
    card.hidden = true;
    inst.root.querySelectorAll(".dari-picked").forEach((n) => n.classList.remove("dari-picked"));
    // A closed term card takes ?term= out of the URL. openedTerm stays set until the
    // server confirms, so a rerun already on its way does not reopen the card.
    if (card.dataset.kind === "term") inst.setTriggerValue("term", "");
  });
  head.append(title, close);
  card.append(head);
  card.hidden = false;
  return card;
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

function termSection(inst, card, headword) {
  const L = inst.L;
  const t = inst.data.terms && inst.data.terms[headword];
  if (!t) return;
  const box = el("section", "dari-card-term");
  box.dataset.term = headword;
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

function showTerm(inst, headword) {
  const t = inst.data.terms && inst.data.terms[headword];
  if (!t) return;
  inst.openedTerm = headword; // so the server echoing ?term= back does not reopen it later
  const card = openCard(inst, `${t.headword} · ${t.english[0] || ""}`, null);
  card.dataset.kind = "term";
  termSection(inst, card, headword);
  inst.setTriggerValue("term", headword);
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
}

function speak(inst, button) {
  const lang = button.dataset.say;
  const seg = button.closest(".dari-seg");
  const text = seg.querySelector(".dari-txt").textContent;
  const voice = voicesFor(lang)[0];
  if (!voice) return;
  window.speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.voice = voice;
  u.lang = lang === "ko" ? "ko-KR" : voice.lang;
  window.speechSynthesis.speak(u);
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
