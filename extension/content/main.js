/**
 * Content script entry: follows the editor the agent types in, checks after a typing pause, shows the
 * overlay and applies suggestions. Runs in every frame; each frame looks after its own editors.
 *
 * Per keystroke the work is O(1): an `input`/mutation callback only restarts a timer and dims marks.
 * Reading the text, asking the worker and rendering happen once per pause (DEBOUNCE_MS).
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;
  if (K.contentStarted) return; // injected twice (e.g. extension reload): keep the first instance
  K.contentStarted = true;

  const ext = root.browser || root.chrome;
  const { KINDS, DEBOUNCE_MS } = K.protocol;
  const doc = document;
  const origin = location.origin && location.origin !== 'null' ? location.origin : (root.top === root ? location.href : 'frame');

  /** Translate a UI string (browser i18n), falling back to the key's English default. */
  function t(key, subs) {
    try {
      return ext.i18n.getMessage(key, subs) || '';
    } catch (err) {
      return ''; // the extension was reloaded underneath this page
    }
  }

  /** Send a message to the worker; resolves to its answer or an error answer (never rejects). */
  async function send(message) {
    try {
      const answer = await ext.runtime.sendMessage(message);
      return answer || { ok: false, state: 'error', message: 'No answer from the extension.' };
    } catch (err) {
      return { ok: false, state: 'error', code: 'extension', message: t('extension_reloaded') };
    }
  }

  const controller = {
    editor: null,          // {kind, root, adapter}
    overlay: null,
    site: null,            // {enabled, channel, language, ignored}
    timer: 0,
    seq: 0,                // bumps on every edit; an answer for an older seq is dropped
    checkedText: null,     // the text the current findings refer to
    result: null,
    findings: [],
    observer: null,
    inFlight: false,       // a check request is waiting for its answer
    repositionQueued: false,
    stats: { scheduled: 0, checks: 0 },
  };
  K.controller = controller; // for debugging in the content-script console

  /** Load this site's settings once (and again after a settings change). */
  async function loadSite() {
    const answer = await send({ kind: KINDS.SITE, origin });
    controller.site = answer && answer.ok ? answer.site : { enabled: true, channel: 'email', language: 'auto', ignored: [] };
    return controller.site;
  }

  /** The overlay of this frame, created on first use. */
  function overlay() {
    if (!controller.overlay || !controller.overlay.host.isConnected) {
      controller.overlay = new K.overlay.Overlay(doc, { t, onAction });
    }
    return controller.overlay;
  }

  /** Report the state to the worker for the toolbar badge. */
  function report(state) {
    send({ kind: KINDS.STATE, state, count: controller.findings.length });
  }

  /** Set the overlay state and the badge. */
  function setState(state, note) {
    overlay().setState(state, note);
    report(state);
  }

  /** Start following `editor` (the agent focused or typed in it). */
  function attach(editor) {
    if (controller.site && controller.site.enabled === false) return; // switched off for this site
    if (controller.editor && controller.editor.root === editor.root) return;
    detach();
    controller.editor = editor;
    controller.checkedText = null;
    controller.findings = [];
    controller.result = null;
    const ov = overlay();
    ov.clearMarks();
    ov.list.replaceChildren();
    ov.rewriteBox.hidden = true;
    ov.setStatus('');
    ov.host.setAttribute('data-editor-kind', editor.kind);
    ov.host.setAttribute('data-adapter', editor.adapter.id);
    ov.host.setAttribute('data-state', 'idle');
    ov.host.removeAttribute('data-stage');
    ov.anchor(editor.root.getBoundingClientRect());
    if (editor.kind !== 'textarea') {
      // Rich editors may change their DOM without an `input` event (CKEditor handles beforeinput itself).
      controller.observer = new MutationObserver(() => schedule());
      controller.observer.observe(editor.root, { childList: true, subtree: true, characterData: true });
    }
    // Cheap watch (O(1) every 500 ms) for what no event announces: the app removing the composer, or
    // the editor moving/resizing (layout changes without scroll or resize events).
    controller.lastRect = '';
    controller.watch = setInterval(() => {
      if (!editor.root.isConnected) { forgetEditor(); return; }
      const r = editor.root.getBoundingClientRect();
      const key = `${r.left},${r.top},${r.width},${r.height}`;
      if (key !== controller.lastRect) { controller.lastRect = key; queueReposition(); }
    }, 500);
    if (editor.root.textContent || editor.root.value) schedule();
  }

  /** Stop following the current editor. */
  function detach() {
    clearTimeout(controller.timer);
    clearInterval(controller.watch);
    if (controller.observer) controller.observer.disconnect();
    controller.observer = null;
    controller.editor = null;
    controller.seq += 1;
  }

  /** The editor `target` belongs to, through the site adapters, or null. */
  function editorFor(target) {
    if (!target || (controller.overlay && controller.overlay.contains(target))) return null;
    const found = K.adapters.resolve(doc, target);
    if (!found) return null;
    const described = K.editors.describeEditor(found.element);
    if (!described) return null;
    return { ...described, adapter: found.adapter };
  }

  /** O(1) per keystroke: restart the pause timer and dim the marks. */
  function schedule() {
    controller.seq += 1;
    controller.stats.scheduled += 1;
    clearTimeout(controller.timer);
    controller.timer = setTimeout(runCheck, DEBOUNCE_MS);
    if (controller.inFlight) {
      // The answer would describe old text: ask the worker to abort it (once, not per keystroke).
      controller.inFlight = false;
      send({ kind: KINDS.CANCEL, slot: 'editor' });
    }
    if (controller.overlay) {
      controller.overlay.markStale();
      controller.overlay.host.setAttribute('data-pending', '');
    }
  }

  /** Read the current text of the followed editor. */
  function currentModel() {
    return K.textModel.buildModel(controller.editor.root);
  }

  /** The request body for `/v1/check`. */
  function payloadFor(text, full) {
    const editor = controller.editor;
    const adapterChannel = K.adapters.channelOf(editor.adapter, doc);
    return {
      text,
      language: controller.site.language || 'auto',
      channel: adapterChannel || controller.site.channel || 'email',
      // Issue 9 (customer context): the agent's chosen/cleared message, else the site adapter's reading.
      customer: K.customerContext ? K.customerContext.forCheck(editor, doc) : K.adapters.customerContext(editor.adapter, doc, editor.root),
      grammar: full,
      rewrite: full,
    };
  }

  /** Check the text now: a fast pass without grammar, then the full pass. */
  async function runCheck() {
    const editor = controller.editor;
    if (!editor) return;
    if (!editor.root.isConnected) { forgetEditor(); return; }
    if (!controller.site) await loadSite();
    if (!controller.site.enabled) { forgetEditor(); return; } // switched off (settings arrived late)
    const seq = controller.seq;
    const text = currentModel().text;
    if (!text.trim()) {
      controller.findings = [];
      controller.checkedText = text;
      overlay().clearMarks();
      overlay().list.replaceChildren();
      overlay().rewriteBox.hidden = true;
      overlay().host.removeAttribute('data-pending');
      setState('idle', '');
      return;
    }
    if (text.length > 50000) {
      setState('error', t('too_long'));
      return;
    }
    controller.stats.checks += 1;
    overlay().host.setAttribute('data-state', 'checking');
    for (const full of [false, true]) {
      controller.inFlight = true;
      const answer = await send({ kind: KINDS.CHECK, slot: 'editor', payload: payloadFor(text, full) });
      if (seq !== controller.seq || controller.editor !== editor) return; // the agent typed meanwhile
      controller.inFlight = false;
      if (!answer.ok) {
        if (answer.state === 'cancelled') return;
        if (full && controller.checkedText === text && answer.state === 'error') {
          // The fast result is still good; say the full check failed instead of hiding it.
          overlay().setStatus(`${t('full_check_failed')} ${answer.message || ''}`.trim());
          overlay().host.removeAttribute('data-pending');
          return;
        }
        overlay().host.removeAttribute('data-pending');
        setState(answer.state || 'error', answer.message);
        return;
      }
      show(answer.result, text, full);
    }
  }

  /** Render a check result for `text`. */
  function show(result, text, complete) {
    const ignored = new Set(controller.site.ignored || []);
    controller.result = result;
    controller.checkedText = text;
    controller.findings = (result.findings || []).filter((f) => !ignored.has(f.id));
    const ov = overlay();
    ov.currentText = text;
    ov.render(result, controller.findings, { complete });
    if (K.customerContext) K.customerContext.render(ov); // issue 9: show which customer message was used
    if (complete) ov.host.removeAttribute('data-pending');
    ov.setStatus(complete && result.grammar && result.grammar.complete === false ? t('grammar_incomplete') : '');
    ov.host.setAttribute('data-language', result.language || '');
    setState('ready');
    reposition();
  }

  /** The followed editor left the page (an app re-rendered its composer): stop following it. */
  function forgetEditor() {
    detach();
    if (controller.overlay) controller.overlay.reset();
    controller.findings = [];
    controller.result = null;
    controller.checkedText = null;
  }

  /** Redraw marks and move the pill/panel with the editor (scroll, resize, after a check). */
  function reposition() {
    const editor = controller.editor;
    const ov = controller.overlay;
    if (!editor || !ov) return;
    if (!editor.root.isConnected) { forgetEditor(); return; }
    const rect = editor.root.getBoundingClientRect();
    ov.anchor(rect);
    const model = currentModel();
    if (model.text !== controller.checkedText) return; // marks would be misplaced; the next check redraws
    const spans = controller.findings.filter((f) => f.start !== null && f.start !== undefined && f.end > f.start).slice(0, 200);
    const rects = K.geometry.spanRects(editor, model, spans, ov.shadow);
    ov.drawMarks(spans.map((f, i) => ({ id: f.id, severity: f.severity, rects: rects[i] })), rect);
  }

  /** Coalesce scroll/resize bursts into one reposition per animation frame. */
  function queueReposition() {
    if (controller.repositionQueued || !controller.editor) return;
    controller.repositionQueued = true;
    requestAnimationFrame(() => {
      controller.repositionQueued = false;
      reposition();
    });
  }

  /** Find a listed finding by id. */
  function findingById(id) {
    return controller.findings.find((f) => f.id === id) || null;
  }

  /** Drop a finding from the panel and from the list. */
  function dropFinding(id) {
    controller.findings = controller.findings.filter((f) => f.id !== id);
    overlay().removeFinding(id);
    report('ready');
  }

  /** Apply replacement `index` of finding `id`, unless its words changed since the check. */
  async function applyFinding(id, index) {
    const finding = findingById(id);
    const editor = controller.editor;
    if (!finding || !editor) return;
    const replacement = (finding.replacements || [])[index];
    if (replacement === undefined) return;
    const model = currentModel();
    const span = K.spanMapping.locateFinding(controller.checkedText || '', model.text, finding);
    if (!span) {
      // Fail closed: the agent changed these words; never write over them. Check again instead.
      dropFinding(id);
      overlay().setStatus(t('stale_suggestion'));
      overlay().host.setAttribute('data-last-apply', 'stale');
      schedule();
      return;
    }
    const edit = K.spanMapping.widenedEdit(model.text, finding, span, index);
    const result = edit
      ? await K.apply.replaceSpan(editor, model, edit.start, edit.end, edit.replacement)
      : await K.apply.replaceSpan(editor, model, span.start, span.end, replacement);
    overlay().host.setAttribute('data-last-apply', result.ok ? 'applied' : `failed:${result.reason}`);
    if (!result.ok) {
      overlay().setStatus(t('apply_failed'));
      return;
    }
    dropFinding(id);
    schedule();
  }

  /** Replace the whole text with the rewrite as one edit (minimal span, so one undo step restores it). */
  async function insertRewrite() {
    const editor = controller.editor;
    const rewrite = controller.result && controller.result.rewrite;
    if (!editor || !rewrite || !rewrite.text) return;
    const model = currentModel();
    if (model.text !== controller.checkedText) {
      overlay().setStatus(t('stale_rewrite'));
      overlay().host.setAttribute('data-last-apply', 'stale');
      overlay().hideRewriteDiff();
      schedule();
      return;
    }
    const change = K.spanMapping.minimalReplacement(model.text, rewrite.text);
    if (!change) return;
    const result = await K.apply.replaceSpan(editor, model, change.start, change.end, change.text);
    overlay().host.setAttribute('data-last-apply', result.ok ? 'rewrite' : `failed:${result.reason}`);
    overlay().hideRewriteDiff();
    overlay().setStatus(result.ok ? t('rewrite_inserted') : t('apply_failed'));
    schedule();
  }

  /** Handle a button in the overlay. */
  async function onAction(action, data) {
    switch (action) {
      case 'apply':
      case 'apply-alt':
        return applyFinding(data.id, data.index);
      case 'ignore':
        if (!data.id) return undefined;
        controller.site.ignored = (controller.site.ignored || []).concat([data.id]);
        dropFinding(data.id);
        return send({ kind: KINDS.IGNORE, origin, id: data.id });
      case 'allow-term': {
        const finding = findingById(data.id);
        if (!finding) return undefined;
        const answer = await send({ kind: KINDS.ALLOW_TERM, term: finding.text, language: (controller.result && controller.result.language) || 'any' });
        overlay().setStatus(answer.ok ? t('term_allowed', [finding.text]) : `${t('term_failed')} ${answer.message || ''}`);
        if (answer.ok) { dropFinding(data.id); schedule(); }
        return undefined;
      }
      case 'confirm-rewrite':
        return insertRewrite();
      case 'escape':
        if (controller.editor) controller.editor.root.focus({ preventScroll: true });
        return undefined;
      default:
        return undefined;
    }
  }

  /** Focus moved: follow the editor it landed in (focus into our own overlay keeps the current one). */
  function onFocusIn(event) {
    const target = event.composedPath ? event.composedPath()[0] : event.target;
    if (controller.overlay && (event.target === controller.overlay.host)) return;
    const editor = editorFor(target);
    if (editor) attach(editor);
  }

  /** Typing: O(1) — make sure we follow this editor, then restart the timer. */
  function onInput(event) {
    const editor = controller.editor;
    if (editor && (event.target === editor.root || editor.root.contains(event.target))) {
      if (editor.kind === 'textarea') schedule(); // contenteditables are covered by the MutationObserver
      return;
    }
    const found = editorFor(event.target);
    if (found) { attach(found); schedule(); }
  }

  /** Alt+Shift+K opens the panel and moves focus into it (keyboard access). */
  function onKeyDown(event) {
    if (!(event.altKey && event.shiftKey && (event.key === 'K' || event.key === 'k' || event.code === 'KeyK'))) return;
    if (!controller.overlay) return;
    event.preventDefault();
    controller.overlay.setOpen(true);
    const first = controller.overlay.shadow.querySelector('.panel button');
    (first || controller.overlay.pill).focus();
  }

  doc.addEventListener('focusin', onFocusIn, true);
  doc.addEventListener('input', onInput, true);
  doc.addEventListener('keydown', onKeyDown, true);
  root.addEventListener('scroll', queueReposition, true);
  root.addEventListener('resize', queueReposition);
  ext.storage.onChanged.addListener(() => {
    loadSite().then((site) => { if (site.enabled === false) forgetEditor(); });
  });
  // Issue 9 (site adapters): follow the reply editor through the app's re-renders and SPA navigation
  // (content/siteWatch.js), and the customer context chosen through the context menu.
  if (K.customerContext) K.customerContext.init({ recheck: () => { if (controller.editor) schedule(); } });
  if (K.siteWatch) {
    K.siteWatch.start(doc, {
      current: () => controller.editor,
      follow: (element) => { const editor = editorFor(element); if (editor) attach(editor); },
      navigated: () => { if (K.customerContext) K.customerContext.conversationChanged(); if (controller.editor) schedule(); },
    });
  }
  loadSite().then(() => {
    // An editor may already have focus when the script arrives (document_idle).
    const active = doc.activeElement;
    if (active && active !== doc.body) {
      const editor = editorFor(active);
      if (editor) attach(editor);
    }
  });
})(globalThis);
