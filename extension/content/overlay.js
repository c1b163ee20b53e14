/**
 * The overlay: `<klarsvar-overlay>` with an open shadow root, never inside the editor's DOM.
 *
 * Test contract: host `data-state` = idle|checking|ready|offline|unauthorized|error (plus `data-stage`
 * `full` once a check is shown); each finding in the panel is an element with `data-finding-id` and `data-category` and
 * buttons `data-action="apply"` (first replacement), `"ignore-here"`, `"ignore"` (always) and
 * `"disable-rule"`; each underline is a `[data-mark-id]` element, and activating it (click, hover,
 * focus) opens `[data-card][data-finding-id]` with the same buttons plus `"why"`; the rewrite button is
 * `data-action="insert-rewrite"`, its confirm step `data-action="confirm-rewrite"`, and what the rewrite
 * leaves is `[data-part="rewrite-remaining"]`; `[data-part="rewrite-engine"]` says who wrote it (`data-engine`
 * rules|model, `data-model-pending` while the team's model still works on it). main.js drives the overlay
 * through its methods only.
 *
 * The shadow root stays open (the e2e tests and assistive tools read it), so a page script can reach the
 * buttons: every action therefore requires a trusted event, one the browser made from a real click or key
 * press. `el.click()` or `dispatchEvent` from the page does nothing. Unit tests in jsdom (which has no
 * trusted events) pass the test-only option `acceptUntrustedEvents`; the content script never does.
 */
(function (root) {
  'use strict';

  // The panel's category order is the protocol's (shared/protocol.js loads before this script).
  const CATEGORY_ORDER = root.Klarsvar.protocol.CATEGORIES;

  // Colours are variables so dark mode and forced colours swap them in one place. Severity is shown by
  // the underline's shape (solid / dashed / dotted) and a text label in the card, not by colour alone.
  const STYLE = `
:host { all: initial; color-scheme: light dark;
  --bg: #fff; --fg: #0f172a; --muted: #475569; --faint: #64748b; --line: #cbd5e1; --soft: #f1f5f9; --softer: #f8fafc;
  --accent: #1d4ed8; --accent-fg: #fff; --focus: #2563eb;
  --error: #dc2626; --warning: #d97706; --suggestion: #2563eb;
  --error-tint: rgba(220,38,38,.10); --warning-tint: rgba(217,119,6,.10); --suggestion-tint: rgba(37,99,235,.08);
  --good-bg: #dcfce7; --good-line: #bbf7d0; --warn-bg: #fef3c7; --warn-line: #fde68a; --bad-bg: #fee2e2; --bad-line: #fecaca;
  --del-fg: #b91c1c; --ins-fg: #166534; --shadow: rgba(0,0,0,.18); }
@media (prefers-color-scheme: dark) {
  :host { --bg: #1e293b; --fg: #e2e8f0; --muted: #cbd5e1; --faint: #94a3b8; --line: #475569; --soft: #334155; --softer: #273549;
    --accent: #60a5fa; --accent-fg: #0f172a; --focus: #93c5fd;
    --error: #f87171; --warning: #fbbf24; --suggestion: #60a5fa;
    --error-tint: rgba(248,113,113,.16); --warning-tint: rgba(251,191,36,.14); --suggestion-tint: rgba(96,165,250,.14);
    --good-bg: #14532d; --good-line: #166534; --warn-bg: #713f12; --warn-line: #854d0e; --bad-bg: #7f1d1d; --bad-line: #991b1b;
    --del-fg: #fca5a5; --ins-fg: #86efac; --shadow: rgba(0,0,0,.5); }
}
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.marks { position: fixed; inset: 0; pointer-events: none; overflow: hidden; }
/* A mark is the strip under the words: it takes clicks (and keyboard focus) without covering the text, so
   the agent can still click into, select and double-click the word itself (the page-level hit test
   opens the card there). Its ::before tints the words above it when active. */
.mark { position: fixed; pointer-events: auto; cursor: pointer; height: 6px; border-bottom: 2px solid var(--warning); outline: none; }
.mark::before { content: ""; position: absolute; left: 0; right: 0; bottom: -2px; height: var(--word-height, 18px);
  pointer-events: none; background: transparent; }
.mark[data-severity="warning"] { border-bottom-style: dashed; }
.mark[data-severity="error"] { border-bottom: 3px solid var(--error); }
.mark[data-severity="suggestion"] { border-bottom: 2px dotted var(--suggestion); }
.mark[data-severity="warning"].active::before { background: var(--warning-tint); }
.mark[data-severity="error"].active::before { background: var(--error-tint); }
.mark[data-severity="suggestion"].active::before { background: var(--suggestion-tint); }
.mark:focus-visible::before { outline: 2px solid var(--focus); outline-offset: 1px; }
.stale .mark { opacity: .35; }
.pill { position: fixed; display: flex; gap: 6px; align-items: center; padding: 3px 9px; border-radius: 999px;
  border: 1px solid var(--line); background: var(--bg); color: var(--fg); font-size: 12px; line-height: 18px; cursor: pointer;
  box-shadow: 0 1px 4px var(--shadow); }
.pill:focus-visible, button:focus-visible, summary:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.dot { width: 9px; height: 9px; border-radius: 50%; background: #94a3b8; }
:host([data-state="ready"]) .dot { background: #16a34a; }
:host([data-state="checking"]) .dot { background: #60a5fa; }
:host([data-state="offline"]) .dot { background: #6b7280; }
:host([data-state="unauthorized"]) .dot, :host([data-state="error"]) .dot { background: #dc2626; }
.panel, .card { position: fixed; background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 10px;
  box-shadow: 0 8px 28px var(--shadow); font-size: 13px; line-height: 1.4; }
.panel { width: 360px; max-height: 70vh; overflow: auto; }
.panel[hidden], .card[hidden] { display: none; }
.card { width: 320px; max-width: calc(100vw - 16px); padding: 10px 12px; }
.card .kind { display: flex; gap: 2px; align-items: center; font-size: 11px; color: var(--faint); margin: 0 0 4px; }
.severity { display: inline-flex; align-items: center; gap: 4px; font-weight: 600; }
.severity::before { content: ""; display: inline-block; width: 9px; height: 9px; background: var(--warning); }
.severity[data-severity="error"]::before { background: var(--error); border-radius: 50%; }
.severity[data-severity="warning"]::before { clip-path: polygon(50% 0, 100% 100%, 0 100%); }
.severity[data-severity="suggestion"]::before { background: var(--suggestion); transform: rotate(45deg) scale(.8); }
.why { margin: 6px 0 0; color: var(--muted); }
.why[hidden] { display: none; }
header { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 10px 12px; border-bottom: 1px solid var(--soft);
  position: sticky; top: 0; background: var(--bg); }
header h2 { font-size: 14px; margin: 0 auto 0 0; }
.badge { font-size: 11px; padding: 2px 7px; border-radius: 999px; background: var(--soft); border: 1px solid var(--line); }
.badge[data-level="good"] { background: var(--good-bg); border-color: var(--good-line); }
.badge[data-level="warn"] { background: var(--warn-bg); border-color: var(--warn-line); }
.badge[data-level="bad"] { background: var(--bad-bg); border-color: var(--bad-line); }
.status { margin: 0; padding: 8px 12px; color: var(--muted); }
.status:empty { display: none; }
.group h3 { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--faint); margin: 10px 12px 4px; }
ul { list-style: none; margin: 0; padding: 0; }
li.finding { padding: 8px 12px; border-top: 1px solid var(--soft); }
li.finding:focus-within, li.finding.active { background: var(--softer); box-shadow: inset 3px 0 0 var(--focus); }
.quote { font-weight: 600; }
.message { margin: 2px 0 6px; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; }
button { font: inherit; font-size: 12px; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg);
  padding: 3px 8px; cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-fg); }
button.link { border: none; background: none; color: var(--muted); text-decoration: underline; padding: 3px 4px; }
.rewrite { padding: 10px 12px; border-top: 1px solid var(--soft); }
.engine { margin: 6px 0 0; font-size: 12px; color: var(--muted); }
.remaining { margin: 8px 0 0; }
.remaining p { margin: 0 0 4px; font-weight: 600; }
.remaining li { margin: 2px 0; color: var(--muted); }
.diff { margin: 8px 0; padding: 8px; background: var(--softer); border-radius: 6px; white-space: pre-wrap; max-height: 180px; overflow: auto; }
.diff del { color: var(--del-fg); background: var(--bad-bg); }
.diff ins { color: var(--ins-fg); background: var(--good-bg); text-decoration: none; }
.empty { padding: 10px 12px; color: var(--muted); margin: 0; }
.customer { padding: 8px 12px; border-bottom: 1px solid var(--soft); background: var(--softer); }
.customer h3 { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--faint); margin: 0 0 4px; }
.customer h3 small { text-transform: none; letter-spacing: 0; font-weight: normal; margin-left: 4px; }
.customer .who { font-weight: 600; margin: 0 0 2px; }
.customer blockquote { margin: 0 0 6px; padding-left: 8px; border-left: 3px solid var(--line); color: var(--muted);
  white-space: pre-wrap; max-height: 5.6em; overflow: hidden; }
.customer p.hint { margin: 0; color: var(--muted); }
/* Windows high contrast and other forced palettes: system colours, shapes still tell severity apart. */
@media (forced-colors: active) {
  .mark, .mark[data-severity] { border-bottom-color: CanvasText; forced-color-adjust: none; }
  .mark.active::before, .mark:focus-visible::before { background: Highlight; opacity: .3; }
  .panel, .card, .pill, button { border-color: CanvasText; }
  button.primary { background: ButtonText; color: ButtonFace; forced-color-adjust: none; }
  li.finding.active { outline: 2px solid Highlight; }
  .severity::before, .dot { forced-color-adjust: none; background: CanvasText; }
}
:host(:not([data-editor-kind])) .pill, :host(:not([data-editor-kind])) .panel, :host(:not([data-editor-kind])) .marks,
:host(:not([data-editor-kind])) .card,
:host([data-offscreen]) .pill, :host([data-offscreen]) .panel, :host([data-offscreen]) .marks, :host([data-offscreen]) .card { display: none; }
`;

  /** Element helper: `el(doc, 'button', {class, 'data-action'}, ['text'])` without innerHTML. */
  function el(doc, tag, attrs = {}, children = []) {
    const node = doc.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children) node.append(child);
    return node;
  }

  /** Readability level for the badge colour: good | warn | bad, from LIX or Flesch. */
  function readabilityLevel(r) {
    if (!r) return null;
    if (typeof r.lix === 'number') return r.lix >= 55 ? 'bad' : r.lix >= 45 ? 'warn' : 'good';
    if (typeof r.flesch_reading_ease === 'number') {
      return r.flesch_reading_ease < 30 ? 'bad' : r.flesch_reading_ease < 60 ? 'warn' : 'good';
    }
    return null;
  }

  // The server states why a finding is left after the rewrite in English; known reasons are translated.
  const REMAINING_REASONS = {
    'no safe replacement': 'no_replacement',
    "needs the agent's judgement": 'judgement',
    'would change a name, number, link or quoted text': 'protected',
    'the replacement would not fit this sentence': 'worse',
    'the replacement would make the reply harder to read': 'harder',
    'the replacement is letter wording, not for a chat': 'chat',
    'a specific apology is kept: it is empathy': 'specific_apology',
  };

  /** Whether two rewrites show the same thing (text, what is left to the agent, who wrote it). */
  function sameRewrite(a, b) {
    const shown = (r) => JSON.stringify([r.text, r.remaining || [], r.engine || 'rules', r.refused || []]);
    return shown(a) === shown(b);
  }

  /** Whether the rules' rewrite is shown while the team's model still works on its own (`model_pending`). */
  function modelPending(rewrite) {
    return Boolean(rewrite && rewrite.model_pending === true && rewrite.engine !== 'model');
  }

  /** The name of one check that refused the model's rewrite (the server sends names or `{check, ...}` objects). */
  function refusalName(item) {
    if (typeof item === 'string') return item;
    return item && typeof item === 'object' ? String(item.check || item.name || item.reason || '') : '';
  }

  /** The agent-facing reason a rewrite left a finding: the UI language's string when known, else the server's. */
  function reasonText(t, reason) {
    const key = REMAINING_REASONS[reason];
    return (key && t(`remaining_${key}`)) || String(reason || '');
  }

  /** The overlay for one document (frame); reused as the agent moves between editors. */
  class Overlay {
    /** `t(key, subs)` translates UI strings; `onAction(action, data)` receives button clicks. */
    constructor(doc, { t, onAction, acceptUntrustedEvents = false }) {
      this.doc = doc;
      this.t = t;
      this.onAction = onAction;
      this.acceptUntrustedEvents = acceptUntrustedEvents === true;
      this.host = doc.createElement('klarsvar-overlay');
      this.host.setAttribute('data-state', 'idle');
      this.host.setAttribute('data-klarsvar-ignore', '');
      // Inline so page CSS cannot move or hide the host; content lives in the shadow root.
      this.host.style.cssText = 'position:fixed!important;top:0!important;left:0!important;width:0!important;height:0!important;z-index:2147483647!important;display:block!important;';
      this.shadow = this.host.attachShadow({ mode: 'open' });
      const style = doc.createElement('style');
      style.textContent = STYLE;
      // Marks are exposed to assistive technology: each is a button named by its severity and message.
      this.marks = el(doc, 'div', { class: 'marks', role: 'group', 'aria-label': t('marks_label') });
      this.pillCount = el(doc, 'span', { class: 'count' });
      this.pill = el(doc, 'button', { class: 'pill', type: 'button', 'data-action': 'toggle-panel', 'aria-expanded': 'false',
        'aria-controls': 'klarsvar-panel', 'aria-label': t('panel_open') }, [el(doc, 'span', { class: 'dot' }), el(doc, 'span', {}, ['Klarsvar']), this.pillCount]);
      this.readability = el(doc, 'span', { class: 'badge', 'data-part': 'readability', hidden: true });
      this.empathy = el(doc, 'span', { class: 'badge', 'data-part': 'empathy', hidden: true });
      this.status = el(doc, 'p', { class: 'status', role: 'status', 'aria-live': 'polite' });
      this.list = el(doc, 'div', { class: 'findings' });
      this.rewriteBox = el(doc, 'div', { class: 'rewrite', hidden: true });
      const close = el(doc, 'button', { type: 'button', class: 'link', 'data-action': 'close-panel', 'aria-label': t('panel_close') }, ['✕']);
      this.header = el(doc, 'header', {}, [el(doc, 'h2', {}, [t('panel_title')]), this.readability, this.empathy, close]);
      this.customerBox = el(doc, 'section', { class: 'customer', 'data-part': 'customer', hidden: true });
      this.panel = el(doc, 'section', { class: 'panel', id: 'klarsvar-panel', role: 'dialog', 'aria-label': t('panel_title'), hidden: true }, [
        this.header, this.customerBox, this.status, this.list, this.rewriteBox]);
      // The card at the word: one finding, opened from its mark (hover, click, keyboard focus).
      this.card = el(doc, 'section', { class: 'card', 'data-card': '', role: 'dialog', hidden: true });
      this.shadow.append(style, this.marks, this.pill, this.panel, this.card);
      this.findingsById = new Map();
      this.markBoxes = [];      // [{id, rect}] of the drawn marks, in viewport coordinates (the page-level hit test)
      this.cardVia = null;      // how the open card was opened: hover | click | focus | keyboard
      this.hoverId = null;
      this.hoverTimer = 0;
      this.highlighted = null;
      this.shadow.addEventListener('click', (event) => this.handleClick(event));
      // Keep the editor's focus and selection when the panel, card or a mark is clicked with the mouse.
      this.shadow.addEventListener('mousedown', (event) => {
        if (event.target.closest && event.target.closest('button, .mark')) event.preventDefault();
      });
      this.shadow.addEventListener('keydown', (event) => this.handleKey(event));
      this.shadow.addEventListener('focusin', (event) => {
        if (!this.trusted(event)) return;
        const mark = event.target.closest && event.target.closest('.mark');
        if (mark) this.openCard(mark.getAttribute('data-mark-id'), { via: 'focus' });
        const item = event.target.closest && event.target.closest('li.finding');
        if (item) this.highlight(item.getAttribute('data-finding-id'));
      });
      this.shadow.addEventListener('mouseover', (event) => {
        const item = event.target.closest && event.target.closest('li.finding');
        if (item) this.highlight(item.getAttribute('data-finding-id'));
        const mark = event.target.closest && event.target.closest('.mark');
        if (mark && this.trusted(event)) this.hoverOver(mark.getAttribute('data-mark-id'));
      });
      this.shadow.addEventListener('mouseout', (event) => {
        const item = event.target.closest && event.target.closest('li.finding');
        if (item) this.highlight(this.openCardId());
      });
      // The words themselves stay the editor's (caret, selection): hovering or clicking them is noticed at
      // the document and hit-tested against the marks' boxes.
      this.onPointerMove = (event) => this.pointerMoved(event);
      this.onDocumentClick = (event) => this.documentClicked(event);
      doc.addEventListener('mousemove', this.onPointerMove, { capture: true, passive: true });
      doc.addEventListener('click', this.onDocumentClick, true);
      // Where the body itself is the editor (TinyMCE's and other iframe editors, designMode), the host goes
      // after the body: inside it, the editor would save the overlay with the reply and in its undo levels.
      const body = doc.body;
      const editableBody = body && (body.isContentEditable || body.getAttribute('contenteditable') === 'true' || doc.designMode === 'on');
      if (body && !editableBody) body.append(this.host); else doc.documentElement.append(this.host);
      this.rewrite = null;
      this.rewriteFor = undefined; // the text `rewrite` was written for (the checked text it came with)
      this.newerRewrite = null;    // a newer rewrite of that text, held while the agent reads the diff
    }

    /** Whether an event came from the person at the keyboard (not from a page script). */
    trusted(event) {
      return event.isTrusted === true || this.acceptUntrustedEvents;
    }

    /** Route a click on a mark (opens its card) or any `[data-action]` button to the controller (trusted clicks only). */
    handleClick(event) {
      if (!this.trusted(event)) return;
      const mark = event.target.closest && event.target.closest('.mark');
      if (mark) { this.openCard(mark.getAttribute('data-mark-id'), { via: 'click' }); return; }
      const button = event.target.closest && event.target.closest('[data-action]');
      if (!button) return;
      const action = button.getAttribute('data-action');
      if (action === 'toggle-panel') { this.setOpen(this.panel.hidden); return; }
      if (action === 'close-panel') { this.setOpen(false); return; }
      if (action === 'insert-rewrite') { this.showRewriteDiff(); return; }
      if (action === 'cancel-rewrite') { this.hideRewriteDiff(); return; }
      if (action === 'show-newer-rewrite') { this.adoptNewerRewrite(); this.showRewriteDiff(); return; }
      if (action === 'why') { this.toggleWhy(button); return; }
      const item = button.closest('[data-finding-id]');
      this.onAction(action, {
        id: item ? item.getAttribute('data-finding-id') : button.getAttribute('data-undo-id'),
        index: Number(button.getAttribute('data-replacement-index') || 0),
      });
    }

    /** Keys inside the overlay: Escape leaves the card or panel for the editor; from a mark, Enter/Space/Tab enter its card. */
    handleKey(event) {
      if (!this.trusted(event)) return;
      const mark = event.target.closest && event.target.closest('.mark');
      if (mark && (event.key === 'Enter' || event.key === ' ' || (event.key === 'Tab' && !event.shiftKey))) {
        event.preventDefault();
        this.openCard(mark.getAttribute('data-mark-id'), { via: 'keyboard', focus: true });
        return;
      }
      if (event.key !== 'Escape') return;
      if (!this.card.hidden && (mark || this.card.contains(event.target))) this.closeCard();
      else this.setOpen(false);
      this.onAction('escape', {});
    }

    /** The "why" button shows or hides the principle behind the finding. */
    toggleWhy(button) {
      const box = button.closest('[data-finding-id]');
      const why = box && box.querySelector('.why');
      if (!why) return;
      why.hidden = !why.hidden;
      button.setAttribute('aria-expanded', String(!why.hidden));
    }

    /** The finding id whose mark box holds the viewport point (x, y), or null. */
    markIdAt(x, y) {
      for (const box of this.markBoxes) {
        const r = box.rect;
        if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return box.id;
      }
      return null;
    }

    /** Whether an event's path passes through the open card (the pointer is on it). */
    inCard(event) {
      const path = event.composedPath ? event.composedPath() : [];
      return path.includes(this.card);
    }

    /** Pointer moved anywhere in the document: hovering the underlined words opens their card. */
    pointerMoved(event) {
      if (!this.trusted(event) || !this.markBoxes.length && this.card.hidden) return;
      if (this.inCard(event)) { clearTimeout(this.hoverTimer); this.hoverId = this.openCardId(); return; }
      this.hoverOver(this.markIdAt(event.clientX, event.clientY));
    }

    /** The pointer is over finding `id`'s words (or over none: null); opens or closes a hover card after a pause. */
    hoverOver(id) {
      if (id === this.hoverId) return;
      this.hoverId = id;
      clearTimeout(this.hoverTimer);
      const view = this.doc.defaultView;
      if (id) {
        this.hoverTimer = view.setTimeout(() => this.openCard(id, { via: 'hover' }), 250);
      } else if (!this.card.hidden && this.cardVia === 'hover') {
        this.hoverTimer = view.setTimeout(() => this.closeCard(), 400);
      }
    }

    /** A click in the page: on underlined words it opens their card (the editor still gets the click); elsewhere it closes the card. */
    documentClicked(event) {
      if (!this.trusted(event) || event.target === this.host) return;
      const id = this.markIdAt(event.clientX, event.clientY);
      if (id) this.openCard(id, { via: 'click' });
      else if (!this.card.hidden) this.closeCard();
    }

    /** The id of the finding whose card is open, or null. */
    openCardId() {
      return this.card.hidden ? null : this.card.getAttribute('data-finding-id');
    }

    /** Mark finding `id`'s underlines and panel entry as the active one (null: none). */
    highlight(id) {
      this.highlighted = id;
      for (const mark of Array.from(this.marks.children)) mark.classList.toggle('active', mark.getAttribute('data-mark-id') === id);
      for (const item of Array.from(this.list.querySelectorAll('li.finding'))) item.classList.toggle('active', item.getAttribute('data-finding-id') === id);
    }

    /** Open finding `id`'s card next to its words; `focus` moves keyboard focus to its first button. */
    openCard(id, { via = 'click', focus = false } = {}) {
      const finding = this.findingsById.get(id);
      const box = this.markBoxes.find((b) => b.id === id);
      if (!finding || !box) return false;
      clearTimeout(this.hoverTimer);
      // A card pinned by a click or the keyboard is not replaced by merely hovering other words.
      if (via === 'hover' && !this.card.hidden && this.cardVia !== 'hover' && this.openCardId() !== id) return false;
      if (this.openCardId() !== id) this.renderCard(finding);
      if (via !== 'hover' || this.card.hidden || this.cardVia === 'hover') this.cardVia = via;
      this.card.hidden = false;
      this.placeCard(box.rect);
      this.highlight(id);
      if (focus) {
        const first = this.card.querySelector('button');
        if (first) first.focus();
      }
      return true;
    }

    /** Close the card. */
    closeCard() {
      clearTimeout(this.hoverTimer);
      this.hoverId = null;
      this.cardVia = null;
      this.card.hidden = true;
      this.card.removeAttribute('data-finding-id');
      this.card.replaceChildren();
      this.highlight(null);
    }

    /** Build the card's content for `finding`: severity and category, words, message, the actions, why. */
    renderCard(finding) {
      const { doc, t } = this;
      const severity = t(`severity_${finding.severity}`) || finding.severity;
      const category = t(`category_${finding.category}`) || String(finding.category || '').replace(/_/g, ' ');
      this.card.setAttribute('data-finding-id', finding.id);
      this.card.setAttribute('data-category', finding.category);
      this.card.setAttribute('data-severity', finding.severity);
      this.card.setAttribute('aria-label', `${severity}: ${finding.message || ''}`);
      const why = t(`why_${finding.category}`) || t('why_generic');
      this.card.replaceChildren(
        el(doc, 'p', { class: 'kind' }, [el(doc, 'span', { class: 'severity', 'data-severity': finding.severity }, [severity]), ' · ', category]),
        ...(finding.text ? [el(doc, 'span', { class: 'quote' }, [`“${finding.text}”`])] : []),
        el(doc, 'p', { class: 'message' }, [finding.message || '']),
        el(doc, 'div', { class: 'actions' }, this.findingActions(finding, { why: true })),
        el(doc, 'p', { class: 'why', 'data-part': 'why', hidden: true }, [why]));
    }

    /** Put the card under the words (above them when there is no room below), inside the viewport. */
    placeCard(rect) {
      const view = this.doc.defaultView;
      const width = Math.min(320, view.innerWidth - 16);
      const left = Math.max(8, Math.min(view.innerWidth - width - 8, rect.left));
      this.card.style.left = `${left}px`;
      const height = this.card.offsetHeight || 160;
      const below = rect.bottom + 6;
      const top = below + height <= view.innerHeight - 8 ? below : Math.max(8, rect.top - height - 6);
      this.card.style.top = `${top}px`;
    }

    /** Move keyboard focus to finding `id`: its card opens at the words with focus on the first button. */
    focusFinding(id) {
      return this.openCard(id, { via: 'keyboard', focus: true });
    }

    /** The id of the finding the agent is looking at: the open card's, else the highlighted one. */
    currentFindingId() {
      return this.openCardId() || this.highlighted;
    }

    /** Open or close the panel. */
    setOpen(open) {
      this.panel.hidden = !open;
      this.pill.setAttribute('aria-expanded', String(open));
      this.host.setAttribute('data-open', String(open));
    }

    /** Set the state (host attribute, pill, status sentence). */
    setState(state, note) {
      this.host.setAttribute('data-state', state);
      const hint = this.t(`state_${state}_hint`);
      this.pill.setAttribute('aria-label', `Klarsvar: ${this.t(`state_${state}`)}. ${this.t('panel_open')}`);
      if (state === 'offline' || state === 'unauthorized' || state === 'error') {
        this.setStatus([this.t(`state_${state}`), hint, note].filter(Boolean).join(' — '));
        this.pillCount.textContent = '!';
        this.clearMarks();
      } else if (note !== undefined) {
        this.setStatus(note);
      }
    }

    /** Set the one-line status text. */
    setStatus(text) {
      this.status.textContent = text || '';
    }

    /** A status sentence with an Undo button for what was just done to finding `id` (`action`: undo-ignore | undo-disable-rule). */
    offerUndo(text, action, id) {
      const { doc, t } = this;
      const button = el(doc, 'button', { type: 'button', class: 'link', 'data-action': action, 'data-undo-id': id }, [t('action_undo')]);
      this.status.replaceChildren(doc.createTextNode(`${text} `), button);
    }

    /** Place the pill at the editor's bottom-right corner and the panel beside it (viewport coords). */
    anchor(rect) {
      const view = this.doc.defaultView;
      const vw = view.innerWidth;
      const vh = view.innerHeight;
      // The editor scrolled out of view: hide rather than pin the UI to the viewport's edge.
      this.host.toggleAttribute('data-offscreen', rect.bottom < 0 || rect.top > vh || rect.right < 0 || rect.left > vw);
      const pillTop = Math.max(0, Math.min(vh - 28, rect.bottom - 28));
      const pillLeft = Math.max(0, Math.min(vw - 130, rect.right - 130));
      this.pill.style.top = `${pillTop}px`;
      this.pill.style.left = `${pillLeft}px`;
      const width = Math.min(360, vw - 16);
      this.panel.style.width = `${width}px`;
      const below = vh - rect.bottom;
      const left = Math.max(8, Math.min(vw - width - 8, rect.right - width));
      this.panel.style.left = `${left}px`;
      if (below >= 260 || below >= rect.top) {
        this.panel.style.top = `${Math.min(vh - 120, rect.bottom + 6)}px`;
        this.panel.style.bottom = '';
        this.panel.style.maxHeight = `${Math.max(120, below - 14)}px`;
      } else {
        this.panel.style.top = '';
        this.panel.style.bottom = `${Math.max(0, vh - rect.top + 6)}px`;
        this.panel.style.maxHeight = `${Math.max(120, rect.top - 14)}px`;
      }
    }

    /** Show the check result for `text` (the checked text; the rewrite's diff is against it): badges, findings by category, the rewrite button. */
    render(result, findings, { complete, text }) {
      const { doc, t } = this;
      if (text !== undefined) this.currentText = text;
      this.host.setAttribute('data-stage', complete ? 'full' : 'fast');
      this.pillCount.textContent = findings.length ? String(findings.length) : '✓';
      this.renderBadges(result);
      this.findingsById = new Map(findings.map((f) => [f.id, f]));
      if (this.openCardId() && !this.findingsById.has(this.openCardId())) this.closeCard();
      this.list.replaceChildren();
      if (findings.length === 0) {
        this.list.append(el(doc, 'p', { class: 'empty' }, [t('no_findings')]));
      }
      const groups = new Map();
      for (const finding of findings) {
        if (!groups.has(finding.category)) groups.set(finding.category, []);
        groups.get(finding.category).push(finding);
      }
      const order = (c) => { const i = CATEGORY_ORDER.indexOf(c); return i < 0 ? 99 : i; };
      for (const category of Array.from(groups.keys()).sort((a, b) => order(a) - order(b))) {
        const heading = t(`category_${category}`) || category.replace(/_/g, ' ');
        const items = groups.get(category).map((f) => this.renderFinding(f));
        this.list.append(el(doc, 'section', { class: 'group', 'data-group': category }, [
          el(doc, 'h3', {}, [heading]), el(doc, 'ul', { 'aria-label': heading }, items)]));
      }
      const previous = this.rewrite;
      const previousFor = this.rewriteFor;
      this.rewrite = result.rewrite && result.rewrite.text ? result.rewrite : null;
      this.rewriteFor = this.currentText;
      this.newerRewrite = null;
      // The same rewrite of the same text again (a quiet follow-up check) leaves an open diff as the agent
      // sees it; a rewrite of other text never stands under a diff the agent read for the old one.
      if (this.diffOpen() && previous && this.rewrite && previousFor === this.rewriteFor && sameRewrite(previous, this.rewrite)) {
        this.refreshEngine();
        return;
      }
      this.renderRewriteButton();
    }

    /**
     * A newer rewrite of the same `text` (the team's model's, from a quiet follow-up check): only the rewrite
     * section changes. While the agent reads the diff of the shown one, the newer one waits behind a button,
     * so what the agent confirms is always what the diff shows. False (and nothing changes) for other text.
     */
    updateRewrite(rewrite, text) {
      if (text !== this.rewriteFor || !rewrite || !rewrite.text) return false;
      if (this.rewrite && this.diffOpen() && !sameRewrite(this.rewrite, rewrite)) {
        this.newerRewrite = rewrite;
        this.offerNewerRewrite();
        return true;
      }
      const same = Boolean(this.rewrite) && sameRewrite(this.rewrite, rewrite);
      this.rewrite = rewrite;
      if (same) this.refreshEngine(); else this.renderRewriteButton();
      return true;
    }

    /** The rewrite the agent confirms (the one its diff shows) and the text it was written for; null without one. */
    rewriteToInsert() {
      return this.rewrite ? { rewrite: this.rewrite, text: this.rewriteFor } : null;
    }

    /** Whether the rewrite's diff and confirm button are open. */
    diffOpen() {
      return Boolean(this.rewriteBox.querySelector('[data-part="rewrite-diff"]'));
    }

    /** Swap in the newer rewrite that waited behind an open diff. */
    adoptNewerRewrite() {
      if (this.newerRewrite) this.rewrite = this.newerRewrite;
      this.newerRewrite = null;
    }

    /** Under an open diff: "a newer version is ready" and a button that shows its diff instead. */
    offerNewerRewrite() {
      const { doc, t } = this;
      const old = this.rewriteBox.querySelector('[data-part="rewrite-newer"]');
      const key = this.newerRewrite && this.newerRewrite.engine === 'model' ? 'rewrite_newer_model' : 'rewrite_newer';
      const note = el(doc, 'p', { class: 'engine', 'data-part': 'rewrite-newer' }, [`${t(key)} `,
        el(doc, 'button', { type: 'button', class: 'link', 'data-action': 'show-newer-rewrite' }, [t('rewrite_newer_show')])]);
      if (old) old.replaceWith(note); else this.rewriteBox.querySelector('[data-part="rewrite-engine"]').after(note);
    }

    /** Redraw only the line that says who wrote the rewrite (the model finished, or stopped being waited for). */
    refreshEngine() {
      const line = this.rewriteBox.querySelector('[data-part="rewrite-engine"]');
      if (line && this.rewrite) line.replaceWith(this.renderEngine());
    }

    /** The buttons for one finding (panel entry and card alike): replacements, ignore here/always, never flag, turn off the rule, why. */
    findingActions(finding, { why = false } = {}) {
      const { doc, t } = this;
      const actions = [];
      // A document-level finding (no span) has nothing to replace; its replacements are advice.
      const spanned = finding.start !== null && finding.start !== undefined && finding.end !== null && finding.end !== undefined;
      (spanned ? finding.replacements || [] : []).forEach((replacement, index) => {
        const label = replacement === '' ? t('action_remove') : replacement;
        actions.push(el(doc, 'button', { type: 'button', class: index === 0 ? 'primary' : '',
          'data-action': index === 0 ? 'apply' : 'apply-alt', 'data-replacement-index': index,
          'aria-label': t('action_replace_with', [finding.text || '', label]) }, [label]));
      });
      const subject = finding.text || t(`category_${finding.category}`) || finding.category;
      actions.push(el(doc, 'button', { type: 'button', class: 'link', 'data-action': 'ignore-here',
        'aria-label': t('action_ignore_here_label', [subject]) }, [t('action_ignore_here')]));
      actions.push(el(doc, 'button', { type: 'button', class: 'link', 'data-action': 'ignore',
        'aria-label': t('action_ignore_label', [subject]) }, [t('action_ignore')]));
      if (finding.text && (finding.category === 'spelling' || finding.category === 'internal_language' || finding.category === 'plain_language')) {
        actions.push(el(doc, 'button', { type: 'button', class: 'link', 'data-action': 'allow-term',
          'aria-label': t('action_allow_term_label', [finding.text]) }, [t('action_allow_term')]));
      }
      if (finding.rule) {
        actions.push(el(doc, 'button', { type: 'button', class: 'link', 'data-action': 'disable-rule', 'data-rule': finding.rule,
          'aria-label': t('action_disable_rule_label', [finding.message || finding.rule]) }, [t('action_disable_rule')]));
      }
      if (why) {
        actions.push(el(doc, 'button', { type: 'button', class: 'link', 'data-action': 'why', 'aria-expanded': 'false' }, [t('action_why')]));
      }
      return actions;
    }

    /** One finding in the panel: quoted text, message and the finding's buttons. */
    renderFinding(finding) {
      const { doc } = this;
      const quote = finding.text ? el(doc, 'span', { class: 'quote' }, [`“${finding.text}”`]) : null;
      return el(doc, 'li', { class: 'finding', 'data-finding-id': finding.id, 'data-category': finding.category,
        'data-severity': finding.severity, 'data-start': finding.start, 'data-end': finding.end, tabindex: '-1' }, [
        ...(quote ? [quote] : []),
        el(doc, 'p', { class: 'message' }, [finding.message || '']),
        el(doc, 'div', { class: 'actions' }, this.findingActions(finding))]);
    }

    /** LIX band / Flesch badge and the empathy indicator. */
    renderBadges(result) {
      const { t } = this;
      const r = result.readability;
      if (r && (typeof r.lix === 'number' || typeof r.flesch_reading_ease === 'number')) {
        const text = typeof r.lix === 'number'
          ? `LIX ${Math.round(r.lix)}${r.band ? ` · ${t(`band_${r.band}`) || r.band}` : ''}`
          : `Flesch ${Math.round(r.flesch_reading_ease)}${r.band ? ` · ${t(`band_${r.band}`) || r.band}` : ''}`;
        this.readability.textContent = text;
        this.readability.setAttribute('data-level', readabilityLevel(r) || '');
        this.readability.setAttribute('title', t('readability_title'));
        this.readability.hidden = false;
      } else {
        this.readability.hidden = true;
      }
      const e = result.empathy;
      if (e) {
        const good = e.acknowledges === true;
        this.empathy.textContent = good ? t('empathy_ok') : t('empathy_missing');
        this.empathy.setAttribute('data-level', good ? 'good' : 'warn');
        this.empathy.setAttribute('title', t('empathy_title'));
        this.empathy.hidden = false;
      } else {
        this.empathy.hidden = true;
      }
    }

    /** The "Insert rewrite" button (enabled once the full check delivered a rewrite) and what it leaves for the agent. */
    renderRewriteButton() {
      const { doc, t } = this;
      this.rewriteBox.replaceChildren();
      if (!this.rewrite) { this.rewriteBox.hidden = true; return; }
      this.rewriteBox.hidden = false;
      this.rewriteBox.append(el(doc, 'button', { type: 'button', class: 'primary', 'data-action': 'insert-rewrite',
        'aria-label': t('rewrite_insert_label') }, [t('rewrite_insert')]), this.renderEngine());
      const remaining = this.renderRemaining();
      if (remaining) this.rewriteBox.append(remaining);
    }

    /** One quiet line: who wrote the rewrite (Klarsvar's rules, or the team's model checked by Klarsvar). */
    renderEngine() {
      const { doc, t } = this;
      // Servers before the model rewrite send no `engine`: their rewrite is always the rules'.
      const engine = this.rewrite && this.rewrite.engine === 'model' ? 'model' : 'rules';
      const refused = engine === 'rules' && Array.isArray(this.rewrite && this.rewrite.refused)
        ? this.rewrite.refused.map(refusalName).filter(Boolean) : [];
      const pending = modelPending(this.rewrite);
      const text = refused.length ? t('rewrite_engine_refused') : pending ? t('rewrite_engine_pending') : t(`rewrite_engine_${engine}`);
      const attrs = { class: 'engine', 'data-part': 'rewrite-engine', 'data-engine': engine };
      if (pending) attrs['data-model-pending'] = '';
      // Which checks refused the model's version: for the curious agent or the admin, not in the way.
      if (refused.length) Object.assign(attrs, { 'data-refused': refused.join(' '), title: refused.join(', ') });
      return el(doc, 'p', attrs, [text]);
    }

    /** "N things still need you": the findings the rewrite did not fix, each with the server's reason. */
    renderRemaining() {
      const { doc, t } = this;
      const remaining = Array.isArray(this.rewrite && this.rewrite.remaining) ? this.rewrite.remaining : [];
      if (!remaining.length) return null;
      const items = remaining.map((item) => {
        const finding = this.findingsById.get(item.id);
        const what = (finding && finding.text ? `“${finding.text}”` : '') || t(`category_${item.category}`) || item.category;
        return el(doc, 'li', { 'data-remaining-id': item.id, 'data-category': item.category },
          [`${what} — ${reasonText(t, item.reason)}`]);
      });
      return el(doc, 'div', { class: 'remaining', 'data-part': 'rewrite-remaining', 'data-count': remaining.length }, [
        el(doc, 'p', {}, [remaining.length === 1 ? t('rewrite_remaining_one') : t('rewrite_remaining', [String(remaining.length)])]),
        el(doc, 'ul', {}, items)]);
    }

    /** Show the short diff and the confirm button. */
    showRewriteDiff() {
      const { doc, t } = this;
      if (!this.rewrite) return;
      const parts = root.Klarsvar.diff.shorten(root.Klarsvar.diff.wordDiff(this.currentText || '', this.rewrite.text));
      const diffBox = el(doc, 'div', { class: 'diff', 'data-part': 'rewrite-diff', 'aria-label': t('rewrite_diff_label') },
        parts.map((p) => (p.type === 'del' ? el(doc, 'del', {}, [p.text]) : p.type === 'ins' ? el(doc, 'ins', {}, [p.text]) : doc.createTextNode(p.text))));
      const confirm = el(doc, 'button', { type: 'button', class: 'primary', 'data-action': 'confirm-rewrite' }, [t('rewrite_confirm')]);
      const remaining = this.renderRemaining();
      this.rewriteBox.replaceChildren(diffBox, this.renderEngine(), ...(remaining ? [remaining] : []), el(doc, 'div', { class: 'actions' }, [confirm,
        el(doc, 'button', { type: 'button', 'data-action': 'cancel-rewrite' }, [t('rewrite_cancel')])]));
      confirm.focus();
    }

    /** Back from the diff to the plain button (showing a newer rewrite that waited behind the diff). */
    hideRewriteDiff() {
      this.adoptNewerRewrite();
      this.renderRewriteButton();
    }

    /** Remove one finding from the list, its marks and its card (applied, ignored or stale). */
    removeFinding(id) {
      this.findingsById.delete(id);
      if (this.openCardId() === id) this.closeCard();
      this.markBoxes = this.markBoxes.filter((box) => box.id !== id);
      for (const mark of Array.from(this.marks.children)) {
        if (mark.getAttribute('data-mark-id') === id) mark.remove();
      }
      // Compare attributes instead of building a selector from the id (no escaping questions).
      const item = Array.from(this.list.querySelectorAll('[data-finding-id]')).find((e) => e.getAttribute('data-finding-id') === id);
      if (item) {
        const group = item.closest('.group');
        item.remove();
        if (group && !group.querySelector('[data-finding-id]')) group.remove();
      }
      const left = this.list.querySelectorAll('[data-finding-id]').length;
      this.pillCount.textContent = left ? String(left) : '✓';
    }

    /** Draw marks: `[{id, severity, rects: [{left, top, width, height}]}]` in viewport coordinates. */
    drawMarks(boxes, clip) {
      const { doc, t } = this;
      this.marks.classList.remove('stale');
      const nodes = [];
      const hits = [];
      for (const box of boxes) {
        const finding = this.findingsById.get(box.id);
        const label = `${t(`severity_${box.severity}`) || box.severity}: ${finding ? finding.message || finding.text || '' : ''}`;
        for (const r of box.rects) {
          if (clip && (r.bottom < clip.top || r.top > clip.bottom || r.right < clip.left || r.left > clip.right)) continue;
          const mark = el(doc, 'div', { class: 'mark', 'data-mark-id': box.id, 'data-severity': box.severity,
            role: 'button', tabindex: '-1', 'aria-haspopup': 'dialog', 'aria-label': label });
          if (box.id === this.highlighted) mark.classList.add('active');
          // The strip under the words takes clicks; --word-height lets the tint reach up over them.
          mark.style.cssText = `left:${r.left}px;top:${r.top + r.height - 6}px;width:${r.width}px;--word-height:${r.height}px`;
          nodes.push(mark);
          hits.push({ id: box.id, rect: { left: r.left, top: r.top, right: r.left + r.width, bottom: r.top + r.height } });
        }
      }
      this.marks.replaceChildren(...nodes);
      this.markBoxes = hits;
      const open = this.openCardId();
      if (open) {
        const box = hits.find((b) => b.id === open);
        if (box) this.placeCard(box.rect); else this.closeCard();
      }
    }

    /** Remove every mark (and the card that belongs to one). */
    clearMarks() {
      this.marks.replaceChildren();
      this.markBoxes = [];
      if (!this.card.hidden) this.closeCard();
    }

    /** Dim the marks: the text changed since they were drawn (O(1), called on input). */
    markStale() {
      this.marks.classList.add('stale');
    }

    /** Whether the overlay is still in the page (an app may have replaced the body). */
    isAttached() {
      return this.host.isConnected;
    }

    /** Where geometry may place hidden measuring elements (inside the shadow root, out of the page's way). */
    measuringRoot() {
      return this.shadow;
    }

    /** Whether an event target belongs to this overlay. */
    contains(node) {
      return node === this.host;
    }

    /** Hide everything (no editor followed any more) and forget the findings. */
    reset() {
      this.host.removeAttribute('data-editor-kind');
      this.host.removeAttribute('data-stage');
      this.host.removeAttribute('data-pending');
      this.host.setAttribute('data-state', 'idle');
      this.setOpen(false);
      this.clearFindings();
      this.renderRewriteButton();
      this.setStatus('');
    }

    /** Follow a new editor: show the pill for an editor of `kind` (adapter `adapterId`), nothing checked yet. */
    showEditor(kind, adapterId) {
      this.clearFindings();
      this.setStatus('');
      this.host.setAttribute('data-editor-kind', kind);
      this.host.setAttribute('data-adapter', adapterId);
      this.host.setAttribute('data-state', 'idle');
      this.host.removeAttribute('data-stage');
    }

    /** Forget the shown findings, marks, card and rewrite (empty text, new editor). */
    clearFindings() {
      this.clearMarks();
      this.findingsById = new Map();
      this.list.replaceChildren();
      this.rewrite = null;
      this.rewriteFor = undefined;
      this.newerRewrite = null;
      this.rewriteBox.hidden = true;
    }

    /** The text changed and a check is coming (`true`), or the latest check is shown (`false`). */
    setPending(pending) {
      this.host.toggleAttribute('data-pending', pending);
    }

    /** A check is under way (the pill's dot, `data-state="checking"`). */
    setChecking() {
      this.host.setAttribute('data-state', 'checking');
    }

    /** What the last apply did, for the agent's status line and the tests: applied | stale | rewrite | failed:<reason>. */
    setLastApply(outcome) {
      this.host.setAttribute('data-last-apply', outcome);
    }

    /** The language the server detected for the checked text. */
    setLanguage(language) {
      this.host.setAttribute('data-language', language || '');
    }

    /** Open the panel and move keyboard focus to its first button (or the pill). */
    focusPanel() {
      this.setOpen(true);
      const first = this.panel.querySelector('button');
      (first || this.pill).focus();
    }

    /**
     * The customer message section of the panel: `view` is null (hidden) or {title, source, name, message,
     * preview, hint, clearLabel, clearText}; its Clear button reaches the controller as `clear-customer`.
     */
    renderCustomer(view) {
      const { doc } = this;
      const box = this.customerBox;
      if (!view) { box.hidden = true; box.replaceChildren(); return; }
      box.hidden = false;
      box.setAttribute('aria-label', view.title);
      box.setAttribute('data-source', view.source || 'none');
      const heading = el(doc, 'h3', {}, [view.title]);
      if (view.sourceLabel) heading.append(el(doc, 'small', {}, [`(${view.sourceLabel})`]));
      const children = [heading];
      if (view.name) children.push(el(doc, 'p', { class: 'who', 'data-customer-name': '' }, [view.name]));
      if (view.preview) children.push(el(doc, 'blockquote', { 'data-customer-message': '', title: view.message || '' }, [view.preview]));
      if (view.hint) children.push(el(doc, 'p', { class: 'hint' }, [view.hint]));
      if (view.clearText) {
        children.push(el(doc, 'button', { type: 'button', class: 'link', 'data-action': 'clear-customer',
          'aria-label': view.clearLabel || view.clearText }, [view.clearText]));
      }
      box.replaceChildren(...children);
    }

    /** Remove the overlay (and its page listeners) from the page. */
    destroy() {
      this.doc.removeEventListener('mousemove', this.onPointerMove, { capture: true });
      this.doc.removeEventListener('click', this.onDocumentClick, true);
      this.host.remove();
    }
  }

  const api = { Overlay, readabilityLevel, CATEGORY_ORDER, REMAINING_REASONS };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.overlay = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
