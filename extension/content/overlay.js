/**
 * The overlay: `<klarsvar-overlay>` with an open shadow root, never inside the editor's DOM.
 *
 * Test contract: host `data-state` = idle|checking|ready|offline|unauthorized|error (plus `data-stage`
 * fast|full); each finding is an element with `data-finding-id` and `data-category` and buttons
 * `data-action="apply"` (first replacement) and `data-action="ignore"`; the rewrite button is
 * `data-action="insert-rewrite"`, its confirm step `data-action="confirm-rewrite"`.
 *
 * The shadow root stays open (the e2e tests and assistive tools read it), so a page script can reach the
 * buttons: every action therefore requires a trusted event, one the browser made from a real click or key
 * press. `el.click()` or `dispatchEvent` from the page does nothing. Unit tests in jsdom (which has no
 * trusted events) pass the test-only option `acceptUntrustedEvents`; the content script never does.
 */
(function (root) {
  'use strict';

  const CATEGORY_ORDER = ['internal_language', 'plain_language', 'nominal_style', 'passive', 'negative_phrasing',
    'sympathy', 'apologies', 'missing_acknowledgement', 'standard_answer', 'personal_touch', 'long_sentence',
    'readability', 'grammar', 'spelling'];

  const STYLE = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.marks { position: fixed; inset: 0; pointer-events: none; overflow: hidden; }
.mark { position: fixed; pointer-events: none; border-bottom: 2px solid #d97706; background: rgba(217,119,6,.08); }
.mark[data-severity="error"] { border-bottom-color: #dc2626; background: rgba(220,38,38,.08); }
.mark[data-severity="suggestion"] { border-bottom-color: #2563eb; background: rgba(37,99,235,.06); }
.mark.active { background: rgba(217,119,6,.28); }
.stale .mark { opacity: .35; }
.pill { position: fixed; display: flex; gap: 6px; align-items: center; padding: 3px 9px; border-radius: 999px;
  border: 1px solid #cbd5e1; background: #fff; color: #0f172a; font-size: 12px; line-height: 18px; cursor: pointer;
  box-shadow: 0 1px 4px rgba(0,0,0,.15); }
.pill:focus-visible, button:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }
.dot { width: 9px; height: 9px; border-radius: 50%; background: #94a3b8; }
:host([data-state="ready"]) .dot { background: #16a34a; }
:host([data-state="checking"]) .dot { background: #60a5fa; }
:host([data-state="offline"]) .dot { background: #6b7280; }
:host([data-state="unauthorized"]) .dot, :host([data-state="error"]) .dot { background: #dc2626; }
.panel { position: fixed; width: 360px; max-height: 70vh; overflow: auto; background: #fff; color: #0f172a;
  border: 1px solid #cbd5e1; border-radius: 10px; box-shadow: 0 8px 28px rgba(0,0,0,.18); font-size: 13px; line-height: 1.4; }
.panel[hidden] { display: none; }
header { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 10px 12px; border-bottom: 1px solid #e2e8f0;
  position: sticky; top: 0; background: #fff; }
header h2 { font-size: 14px; margin: 0 auto 0 0; }
.badge { font-size: 11px; padding: 2px 7px; border-radius: 999px; background: #f1f5f9; border: 1px solid #e2e8f0; }
.badge[data-level="good"] { background: #dcfce7; border-color: #bbf7d0; }
.badge[data-level="warn"] { background: #fef3c7; border-color: #fde68a; }
.badge[data-level="bad"] { background: #fee2e2; border-color: #fecaca; }
.status { margin: 0; padding: 8px 12px; color: #334155; }
.status:empty { display: none; }
.group h3 { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #64748b; margin: 10px 12px 4px; }
ul { list-style: none; margin: 0; padding: 0; }
li.finding { padding: 8px 12px; border-top: 1px solid #f1f5f9; }
li.finding:focus-within, li.finding.active { background: #f8fafc; }
.quote { font-weight: 600; }
.message { margin: 2px 0 6px; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; }
button { font: inherit; font-size: 12px; border-radius: 6px; border: 1px solid #cbd5e1; background: #fff; color: #0f172a;
  padding: 3px 8px; cursor: pointer; }
button.primary { background: #1d4ed8; border-color: #1d4ed8; color: #fff; }
button.link { border: none; background: none; color: #475569; text-decoration: underline; padding: 3px 4px; }
.rewrite { padding: 10px 12px; border-top: 1px solid #e2e8f0; }
.diff { margin: 8px 0; padding: 8px; background: #f8fafc; border-radius: 6px; white-space: pre-wrap; max-height: 180px; overflow: auto; }
.diff del { color: #b91c1c; background: #fee2e2; }
.diff ins { color: #166534; background: #dcfce7; text-decoration: none; }
.empty { padding: 10px 12px; color: #475569; margin: 0; }
:host(:not([data-editor-kind])) .pill, :host(:not([data-editor-kind])) .panel, :host(:not([data-editor-kind])) .marks,
:host([data-offscreen]) .pill, :host([data-offscreen]) .panel, :host([data-offscreen]) .marks { display: none; }
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
      this.marks = el(doc, 'div', { class: 'marks', 'aria-hidden': 'true' });
      this.pillCount = el(doc, 'span', { class: 'count' });
      this.pill = el(doc, 'button', { class: 'pill', type: 'button', 'data-action': 'toggle-panel', 'aria-expanded': 'false',
        'aria-controls': 'klarsvar-panel', 'aria-label': t('panel_open') }, [el(doc, 'span', { class: 'dot' }), el(doc, 'span', {}, ['Klarsvar']), this.pillCount]);
      this.readability = el(doc, 'span', { class: 'badge', 'data-part': 'readability', hidden: true });
      this.empathy = el(doc, 'span', { class: 'badge', 'data-part': 'empathy', hidden: true });
      this.status = el(doc, 'p', { class: 'status', role: 'status', 'aria-live': 'polite' });
      this.list = el(doc, 'div', { class: 'findings' });
      this.rewriteBox = el(doc, 'div', { class: 'rewrite', hidden: true });
      const close = el(doc, 'button', { type: 'button', class: 'link', 'data-action': 'close-panel', 'aria-label': t('panel_close') }, ['✕']);
      this.panel = el(doc, 'section', { class: 'panel', id: 'klarsvar-panel', role: 'dialog', 'aria-label': t('panel_title'), hidden: true }, [
        el(doc, 'header', {}, [el(doc, 'h2', {}, [t('panel_title')]), this.readability, this.empathy, close]),
        this.status, this.list, this.rewriteBox]);
      this.shadow.append(style, this.marks, this.pill, this.panel);
      this.shadow.addEventListener('click', (event) => this.handleClick(event));
      // Keep the editor's focus and selection when the panel is clicked with the mouse.
      this.shadow.addEventListener('mousedown', (event) => {
        if (event.target.closest && event.target.closest('button')) event.preventDefault();
      });
      this.shadow.addEventListener('keydown', (event) => {
        if (!this.trusted(event)) return;
        if (event.key === 'Escape') { this.setOpen(false); this.onAction('escape', {}); }
      });
      (doc.body || doc.documentElement).append(this.host);
      this.rewrite = null;
    }

    /** Whether an event came from the person at the keyboard (not from a page script). */
    trusted(event) {
      return event.isTrusted === true || this.acceptUntrustedEvents;
    }

    /** Route a click on any `[data-action]` button to the controller (trusted clicks only). */
    handleClick(event) {
      if (!this.trusted(event)) return;
      const button = event.target.closest && event.target.closest('[data-action]');
      if (!button) return;
      const action = button.getAttribute('data-action');
      if (action === 'toggle-panel') { this.setOpen(this.panel.hidden); return; }
      if (action === 'close-panel') { this.setOpen(false); return; }
      if (action === 'insert-rewrite') { this.showRewriteDiff(); return; }
      if (action === 'cancel-rewrite') { this.hideRewriteDiff(); return; }
      const item = button.closest('[data-finding-id]');
      this.onAction(action, {
        id: item ? item.getAttribute('data-finding-id') : null,
        index: Number(button.getAttribute('data-replacement-index') || 0),
      });
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

    /** Show the check result: badges, findings grouped by category, the rewrite button. */
    render(result, findings, { complete }) {
      const { doc, t } = this;
      this.host.setAttribute('data-stage', complete ? 'full' : 'fast');
      this.pillCount.textContent = findings.length ? String(findings.length) : '✓';
      this.renderBadges(result);
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
      this.rewrite = result.rewrite && result.rewrite.text ? result.rewrite : null;
      this.renderRewriteButton();
    }

    /** One finding: quoted text, message, replacement buttons, ignore / never-flag. */
    renderFinding(finding) {
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
      actions.push(el(doc, 'button', { type: 'button', class: 'link', 'data-action': 'ignore',
        'aria-label': t('action_ignore_label', [finding.text || finding.category]) }, [t('action_ignore')]));
      if (finding.text && (finding.category === 'spelling' || finding.category === 'internal_language' || finding.category === 'plain_language')) {
        actions.push(el(doc, 'button', { type: 'button', class: 'link', 'data-action': 'allow-term',
          'aria-label': t('action_allow_term_label', [finding.text]) }, [t('action_allow_term')]));
      }
      const quote = finding.text ? el(doc, 'span', { class: 'quote' }, [`“${finding.text}”`]) : null;
      return el(doc, 'li', { class: 'finding', 'data-finding-id': finding.id, 'data-category': finding.category,
        'data-severity': finding.severity, 'data-start': finding.start, 'data-end': finding.end, tabindex: '-1' }, [
        ...(quote ? [quote] : []),
        el(doc, 'p', { class: 'message' }, [finding.message || '']),
        el(doc, 'div', { class: 'actions' }, actions)]);
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

    /** The "Insert rewrite" button (enabled once the full check delivered a rewrite). */
    renderRewriteButton() {
      const { doc, t } = this;
      this.rewriteBox.replaceChildren();
      if (!this.rewrite) { this.rewriteBox.hidden = true; return; }
      this.rewriteBox.hidden = false;
      this.rewriteBox.append(el(doc, 'button', { type: 'button', class: 'primary', 'data-action': 'insert-rewrite',
        'aria-label': t('rewrite_insert_label') }, [t('rewrite_insert')]));
    }

    /** Show the short diff and the confirm button. */
    showRewriteDiff() {
      const { doc, t } = this;
      if (!this.rewrite) return;
      const parts = root.Klarsvar.diff.shorten(root.Klarsvar.diff.wordDiff(this.currentText || '', this.rewrite.text));
      const diffBox = el(doc, 'div', { class: 'diff', 'data-part': 'rewrite-diff', 'aria-label': t('rewrite_diff_label') },
        parts.map((p) => (p.type === 'del' ? el(doc, 'del', {}, [p.text]) : p.type === 'ins' ? el(doc, 'ins', {}, [p.text]) : doc.createTextNode(p.text))));
      const confirm = el(doc, 'button', { type: 'button', class: 'primary', 'data-action': 'confirm-rewrite' }, [t('rewrite_confirm')]);
      this.rewriteBox.replaceChildren(diffBox, el(doc, 'div', { class: 'actions' }, [confirm,
        el(doc, 'button', { type: 'button', 'data-action': 'cancel-rewrite' }, [t('rewrite_cancel')])]));
      confirm.focus();
    }

    /** Back from the diff to the plain button. */
    hideRewriteDiff() {
      this.renderRewriteButton();
    }

    /** Remove one finding from the list (applied, ignored or stale). */
    removeFinding(id) {
      // Compare attributes instead of building a selector from the id (no escaping questions).
      const item = Array.from(this.shadow.querySelectorAll('[data-finding-id]')).find((e) => e.getAttribute('data-finding-id') === id);
      if (!item) return;
      const group = item.closest('.group');
      item.remove();
      if (group && !group.querySelector('[data-finding-id]')) group.remove();
      for (const mark of Array.from(this.marks.children)) {
        if (mark.getAttribute('data-mark-id') === id) mark.remove();
      }
      const left = this.shadow.querySelectorAll('[data-finding-id]').length;
      this.pillCount.textContent = left ? String(left) : '✓';
    }

    /** Draw marks: `[{id, severity, rects: [{left, top, width, height}]}]` in viewport coordinates. */
    drawMarks(boxes, clip) {
      const { doc } = this;
      this.marks.classList.remove('stale');
      const nodes = [];
      for (const box of boxes) {
        for (const r of box.rects) {
          if (clip && (r.bottom < clip.top || r.top > clip.bottom || r.right < clip.left || r.left > clip.right)) continue;
          const mark = el(doc, 'div', { class: 'mark', 'data-mark-id': box.id, 'data-severity': box.severity });
          mark.style.cssText = `left:${r.left}px;top:${r.top}px;width:${r.width}px;height:${r.height}px`;
          nodes.push(mark);
        }
      }
      this.marks.replaceChildren(...nodes);
    }

    /** Remove every mark. */
    clearMarks() {
      this.marks.replaceChildren();
    }

    /** Dim the marks: the text changed since they were drawn (O(1), called on input). */
    markStale() {
      this.marks.classList.add('stale');
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
      this.clearMarks();
      this.list.replaceChildren();
      this.rewrite = null;
      this.renderRewriteButton();
      this.setStatus('');
    }

    /** Remove the overlay from the page. */
    destroy() {
      this.host.remove();
    }
  }

  const api = { Overlay, readabilityLevel, CATEGORY_ORDER };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.overlay = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
