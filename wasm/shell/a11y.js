// a11y.js — Veldwijzer's accessible mirror of the canvas (issue 8).
//
// The canvas draws everything, but screen readers, voice control, the
// tablet's keyboard and tests need elements. After every drawn frame
// wasm/web_a11y.cpp sends what changed in the app's accessibility tree; this
// file keeps one element per item in #a11y, over the canvas at the item's CSS
// position: role, name, states. The layer is transparent (opacity 0) and lets
// fingers through to the canvas (pointer-events: none), except text fields:
// they are real <input>s, so a tap opens the tablet's keyboard.
//   element activated (click, screen reader, voice control) -> app.activate(id)
//   element focused by someone else than us                 -> app.focus(id)
//   <input> text changed (virtual keyboard, dictation)       -> app.text(id, text, caret start, end)
//   ImGui's caret moved (hardware arrow keys, typing)         -> the <input>'s caret follows
//   the app's keyboard focus moved (Tab, a tap)              -> that element gets the DOM focus
// announce() speaks through the page's aria-live regions.
'use strict';
window.veldwijzerA11y = (function () {
  // ui::Role, in order; '' = no ARIA role (static text is a plain element).
  const ROLES = ['', 'main', 'dialog', 'group', 'radiogroup', 'tablist', 'listbox', 'button', 'link', 'checkbox',
    'radio', 'tab', 'option', 'combobox', 'textbox', 'heading', '', 'status', 'alert'];
  const MAIN = 1, LISTBOX = 6, BUTTON = 7, CHECKBOX = 9, RADIO = 10, TAB = 11, OPTION = 12, COMBOBOX = 13,
    TEXTBOX = 14, HEADING = 15;
  const isContainer = (role) => role >= MAIN && role <= LISTBOX;
  const isControl = (role) => role >= BUTTON && role <= COMBOBOX;
  // ui::State bits and ui::Diff bits.
  const CHECKED = 1, EXPANDED = 2, DISABLED = 4, SELECTED = 16, PRESSED = 32, MULTILINE = 64, NUMERIC = 128,
    TOGGLE = 256, SECRET = 512, FILLED = 1024;
  const NEW = 1, RECT = 2, NAME = 4, VALUE = 8, STATE = 16, PLACE = 32;
  const FIELDS = 17; // int32 per change, as web_a11y.cpp writes them

  const nodes = new Map(); // item id -> element
  const windows = new Map(); // ImGui window id -> n: its origin is var(--xn), var(--yn) on #a11y
  const slot = (window) => {
    let n = windows.get(window);
    if (n === undefined) windows.set(window, (n = windows.size));
    return n;
  };
  const decoder = new TextDecoder();
  let root = null;
  let app = null;
  let focused = 0;
  let syncing = false; // we move the focus ourselves: do not report it back
  let caret = { id: 0, start: -1, end: -1 }; // the app's caret as last reported

  // ImGui counts characters (code points); the <input> UTF-16 code units.
  const toCodePoints = (text, at) => (at === null || at === undefined ? -1 : [...text.slice(0, at)].length);
  function toUnits(text, points) {
    let at = 0;
    for (const ch of text) {
      if (points-- <= 0) break;
      at += ch.length;
    }
    return at;
  }

  // The <input>'s caret follows the app's when the app moved it (a hardware
  // arrow key, a key typed into the canvas) or when the app's text was just
  // written into it (which puts the DOM caret at the end). Never while the
  // user's own typing is on its way or the texts differ, and not when the
  // field just started editing (ImGui selects all then, while the finger put
  // the <input>'s caret where it tapped): that caret is the user's.
  function followCaret(focusId, start, end, rewritten) {
    const before = caret;
    caret = { id: focusId, start, end };
    const el = nodes.get(focusId);
    if (!el || el.r !== TEXTBOX || start < 0 || document.activeElement !== el) return;
    if (el.composing || typed === el || el.value !== el.appValue) return;
    const moved = before.id === focusId && before.start >= 0 && (before.start !== start || before.end !== end);
    if (!moved && !rewritten.has(el)) return;
    const from = toUnits(el.value, start), to = toUnits(el.value, end);
    if (el.selectionStart !== from || el.selectionEnd !== to) el.setSelectionRange(from, to);
  }

  function idOf(node) {
    for (; node && node !== root; node = node.parentNode) {
      if (node.v) return node;
    }
    return null;
  }

  function create(id, role, state) {
    const tag = role === TEXTBOX ? (state & MULTILINE ? 'textarea' : 'input') : 'div';
    const el = document.createElement(tag);
    if (role !== TEXTBOX && ROLES[role]) el.setAttribute('role', ROLES[role]);
    if (role === TEXTBOX) {
      el.autocomplete = 'off';
      el.spellcheck = false;
      if (state & NUMERIC) el.inputMode = 'numeric';
      if (state & SECRET) el.type = 'password'; // masked, and kept out of autofill suggestions
    } else if (isControl(role)) {
      el.tabIndex = -1; // focusable for the app's focus; Tab itself is the app's
    }
    if (!isContainer(role)) el.className = 'i';
    if (role === LISTBOX) el.id = 'a11y-list';
    el.v = id;
    el.r = role;
    el.s = state;
    return el;
  }

  function setName(el, role, name) {
    if (isContainer(role) || role === TEXTBOX || role === COMBOBOX) {
      if (role !== MAIN && name) el.setAttribute('aria-label', name);
      if (role === COMBOBOX) el.textContent = name;
    } else {
      el.textContent = name;
    }
  }

  function setState(el, role, state, level) {
    const flag = (attribute, on) => (on ? el.setAttribute(attribute, 'true') : el.removeAttribute(attribute));
    if (role === CHECKBOX || role === RADIO) el.setAttribute('aria-checked', state & CHECKED ? 'true' : 'false');
    if (role === TAB || role === OPTION) el.setAttribute('aria-selected', state & SELECTED ? 'true' : 'false');
    if (role === COMBOBOX) {
      el.setAttribute('aria-expanded', state & EXPANDED ? 'true' : 'false');
      flag('aria-controls', false);
      if (state & EXPANDED) el.setAttribute('aria-controls', 'a11y-list'); // one list is open at a time
    }
    if (role === BUTTON && state & TOGGLE) el.setAttribute('aria-pressed', state & PRESSED ? 'true' : 'false');
    if (role === HEADING) el.setAttribute('aria-level', String(level || 2));
    if (role === TEXTBOX) el.readOnly = !!(state & DISABLED);
    // The app emptied a PIN field (used, refused, locked): the typed PIN must
    // not stay in the page either, nor be sent again with the next key.
    if (role === TEXTBOX && state & SECRET && !(state & FILLED) && el.value && typed !== el) el.value = '';
    else flag('aria-disabled', state & DISABLED);
    el.s = state;
  }

  // ops: Int32Array of `count` changes; bytes: their names and values (UTF-8).
  function apply(ops, count, bytes, focusId, started, caretStart, caretEnd) {
    const text = (at, length) => decoder.decode(bytes.subarray(at, at + length));
    // Removals and window origins first, then create the new elements, then
    // update and place them in the order given (reverse document order: an
    // element's `next` is already in place when it is inserted before it).
    for (let i = 0; i < count; i++) {
      const o = i * FIELDS;
      if (ops[o] === 3) { // a window moved or scrolled: its items follow through a CSS variable
        const n = slot(ops[o + 1] >>> 0);
        root.style.setProperty('--x' + n, ops[o + 8] + 'px');
        root.style.setProperty('--y' + n, ops[o + 9] + 'px');
      }
      if (ops[o] !== 2) continue;
      const el = nodes.get(ops[o + 1] >>> 0);
      if (el) { el.remove(); nodes.delete(el.v); }
    }
    const fresh = new Set(); // ids whose element was made anew (or remade for another role)
    const rewritten = new Set(); // fields whose text the app's replaced
    for (let i = 0; i < count; i++) {
      const o = i * FIELDS;
      if (ops[o] !== 1) continue;
      const id = ops[o + 1] >>> 0, role = ops[o + 4], state = ops[o + 5];
      const old = nodes.get(id);
      if (old && old.r === role && !((old.s ^ state) & MULTILINE)) continue;
      const el = create(id, role, state);
      if (old) { // another kind of element: take over its children
        while (old.firstChild) el.appendChild(old.firstChild);
        old.replaceWith(el);
      }
      nodes.set(id, el);
      fresh.add(id);
    }
    for (let i = 0; i < count; i++) {
      const o = i * FIELDS;
      if (ops[o] !== 1) continue;
      const el = nodes.get(ops[o + 1] >>> 0);
      const role = ops[o + 4], what = ops[o + 7] | (fresh.has(el.v) ? NEW : 0);
      if (what & (NEW | NAME)) setName(el, role, text(ops[o + 12], ops[o + 13]));
      if (what & (NEW | VALUE) && role === TEXTBOX) {
        const value = text(ops[o + 14], ops[o + 15]);
        el.appValue = value;
        if (el.value !== value && !el.composing && typed !== el) { // typed text wins
          el.value = value;
          rewritten.add(el);
        }
      }
      if (what & (NEW | STATE | NAME)) setState(el, role, ops[o + 5], ops[o + 6]);
      if (what & (NEW | RECT) && !isContainer(role)) {
        const n = slot(ops[o + 16] >>> 0);
        el.style.transform = 'translate(calc(var(--x' + n + ') + ' + ops[o + 8] + 'px),calc(var(--y' + n + ') + ' +
          ops[o + 9] + 'px))';
        el.style.width = ops[o + 10] + 'px';
        el.style.height = ops[o + 11] + 'px';
      }
      if (what & (NEW | PLACE)) {
        const parent = nodes.get(ops[o + 2] >>> 0) || root;
        const next = nodes.get(ops[o + 3] >>> 0);
        const before = next && next.parentNode === parent ? next : null;
        // Moving an element blurs it: a field being typed in (results
        // changing below it) would close the tablet's keyboard. Move only
        // what is out of place, and give a moved field its focus back.
        if (el.parentNode !== parent || el.nextSibling !== before) {
          const typing = document.activeElement === el;
          parent.insertBefore(el, before);
          if (typing && document.activeElement !== el) {
            syncing = true;
            el.focus({ preventScroll: true });
            syncing = false;
          }
        }
      }
    }
    if (focusId !== focused) {
      focused = focusId;
      const el = nodes.get(focusId);
      const active = document.activeElement;
      syncing = true;
      if (el && active !== el) el.focus({ preventScroll: true });
      else if (!el && active && root.contains(active)) active.blur(); // e.g. closes the keyboard
      syncing = false;
    }
    followCaret(focusId, caretStart === undefined ? -1 : caretStart, caretEnd === undefined ? -1 : caretEnd,
      rewritten);
    const v = window.veldwijzer || (window.veldwijzer = {});
    const times = v.a11yUs || (v.a11yUs = []);
    times.push((performance.now() - started) * 1000);
    if (times.length > 300) times.shift();
  }

  // Polite news waits until typing pauses; acute danger interrupts at once.
  let politeTimer = 0;
  function announce(text, assertive) {
    const region = document.getElementById(assertive ? 'announce-assertive' : 'announce-polite');
    if (!region) return;
    const v = window.veldwijzer || (window.veldwijzer = {});
    (v.announced || (v.announced = [])).push((assertive ? '!' : '') + text);
    const say = () => { region.textContent = ''; setTimeout(() => { region.textContent = text; }, 50); };
    if (assertive) return say();
    clearTimeout(politeTimer);
    politeTimer = setTimeout(say, 400);
  }

  // The field whose typed value waits to be sent to the app (see attach).
  let typed = null;
  function sendTyped() {
    const el = typed;
    typed = null;
    if (el && nodes.get(el.v) === el) {
      // Where the caret is goes along: the app puts its own there, so the
      // next character (also one typed on a hardware keyboard) lands there too.
      app.text(el.v, el.value, toCodePoints(el.value, el.selectionStart), toCodePoints(el.value, el.selectionEnd));
    }
  }
  function queueTyped(el) {
    if (typed && typed !== el) sendTyped(); // another field: its text first
    if (!typed) requestAnimationFrame(sendTyped);
    typed = el;
  }

  function attach(callbacks) {
    app = callbacks;
    root = document.getElementById('a11y');
    root.addEventListener('click', (e) => {
      const el = idOf(e.target);
      if (!el) return;
      if (el.r !== TEXTBOX) e.preventDefault(); // a field keeps its caret placement
      app.activate(el.v); // a field being edited stays as it is
    });
    root.addEventListener('focusin', (e) => {
      const el = idOf(e.target);
      if (syncing || !el) return;
      focused = el.v;
      if (el.r === TEXTBOX) app.activate(el.v); // start editing: the app's caret goes there
      else app.focus(el.v);
    });
    // Typing into a field — virtual keyboard, IME and dead-key composition,
    // dictation, autocorrect (insertReplacementText) — sends the field's whole
    // value, which replaces the app's text: no event can add a character
    // twice, and backspace is just a shorter value. Also while composing, so
    // the canvas shows the word being formed. The events of one keystroke
    // (input, compositionend) are sent once, at the next animation frame.
    root.addEventListener('input', (e) => {
      const el = idOf(e.target);
      if (el && el.r === TEXTBOX) queueTyped(el);
    });
    root.addEventListener('compositionstart', (e) => { e.target.composing = true; });
    root.addEventListener('compositionend', (e) => {
      e.target.composing = false;
      const el = idOf(e.target);
      if (el && el.r === TEXTBOX) queueTyped(el);
    });
  }

  // Everything away (the mirror was switched off); apply() builds it again.
  function clear() {
    nodes.clear();
    root.textContent = '';
    focused = 0;
    caret = { id: 0, start: -1, end: -1 };
  }

  return { attach, apply, announce, clear };
})();
