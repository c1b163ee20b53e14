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
  const SEVERITY_RANK = { suggestion: 0, warning: 1, error: 2 };
  const doc = document;
  // `window`, not `root`: in Firefox a content script's globalThis is a sandbox whose `top` is the page's
  // window, so `root.top === root` is false even in the top frame (found by the Firefox e2e run).
  const isTopFrame = window.top === window;
  const origin = location.origin && location.origin !== 'null' ? location.origin : (isTopFrame ? location.href : 'frame');

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
    followUps: null,       // the quiet asks after the last answer: {text, complete, model} (see nextFollowUp)
    repositionQueued: false,
    stats: { scheduled: 0, checks: 0 },
    ignoredHere: new Set(), // "ignore here": finding ids hidden for this page's life only, never stored
    resumeTimer: 0,        // wakes the page when a pause ends
  };
  K.controller = controller; // for debugging in the content-script console

  /** Load this site's settings once (and again after a settings change). */
  async function loadSite() {
    const answer = await send({ kind: KINDS.SITE, origin });
    controller.site = answer && answer.ok ? answer.site : { enabled: true, channel: 'email', language: 'auto', ignored: [] };
    clearTimeout(controller.resumeTimer);
    const pausedFor = (controller.site.pausedUntil || 0) - Date.now();
    // Nothing announces the end of a pause (no storage change): look again when it is over.
    if (pausedFor > 0) controller.resumeTimer = setTimeout(siteChanged, Math.min(pausedFor + 50, 2 ** 31 - 1));
    return controller.site;
  }

  /** The settings changed (or a pause ended): stop on a site switched off, start again on one switched on, re-filter. */
  async function siteChanged() {
    const site = await loadSite();
    if (site.enabled === false) {
      const wasFollowing = Boolean(controller.editor);
      forgetEditor();
      if (wasFollowing) report('idle'); // the toolbar badge and the popup's counts let go too
      return;
    }
    if (controller.editor && controller.result && controller.checkedText !== null) {
      show(controller.result, controller.checkedText, controller.resultComplete, { refilter: true });
      return;
    }
    followActiveEditor();
  }

  /** Follow the editor that has focus, if any (start-up, or checking switched on again). */
  function followActiveEditor() {
    const active = doc.activeElement;
    if (active && active !== doc.body) {
      const editor = editorFor(active);
      if (editor) attach(editor);
    }
  }

  /** Whether the agent wants to see `finding`: not ignored (here or always), its rule and category on, severe enough. */
  function wanted(finding) {
    const site = controller.site || {};
    if (controller.ignoredHere.has(finding.id) || (site.ignored || []).includes(finding.id)) return false;
    if (finding.rule && (site.disabledRules || []).includes(finding.rule)) return false;
    if ((site.disabledCategories || []).includes(finding.category)) return false;
    return SEVERITY_RANK[finding.severity] === undefined || SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[site.minSeverity || 'suggestion'];
  }

  /** The overlay of this frame, created on first use. */
  function overlay() {
    if (!controller.overlay || !controller.overlay.isAttached()) {
      controller.overlay = new K.overlay.Overlay(doc, { t, onAction });
    }
    return controller.overlay;
  }

  /** Report the state to the worker for the toolbar badge. */
  function report(state) {
    const categories = {};
    for (const finding of controller.findings) categories[finding.category] = (categories[finding.category] || 0) + 1;
    send({ kind: KINDS.STATE, state, count: controller.findings.length, categories });
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
    ov.showEditor(editor.kind, editor.adapter.id);
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
      controller.overlay.setPending(true);
    }
  }

  /** Read the current text of the followed editor. */
  function currentModel() {
    return K.textModel.buildModel(controller.editor.root);
  }

  /** The request body for `/v1/check`: everything (grammar, rewrite) in one request. */
  function payloadFor(text) {
    const editor = controller.editor;
    const adapterChannel = K.adapters.channelOf(editor.adapter, doc);
    return {
      text,
      language: controller.site.language || 'auto',
      channel: adapterChannel || controller.site.channel || 'email',
      // Issue 9 (customer context): the agent's chosen/cleared message, else the site adapter's reading.
      customer: K.customerContext ? K.customerContext.forCheck(editor, doc) : K.adapters.customerContext(editor.adapter, doc, editor.root),
      grammar: true,
      rewrite: true,
      // Issue 19: the team's language model (if the server has one) never holds the findings back; its
      // rewrite is fetched by the quiet follow-ups below. Servers without a model ignore the field.
      rewrite_model: 'background',
    };
  }

  // How long after an answer the server cut short the same text is asked for once more: its spelling part
  // ran out of its per-check budget (the rest of the words are judged in the background), or the check's
  // time cap left no time for the rewrite (a cold or busy server). The second answer comes from warm work.
  const FOLLOW_UP_MS = 800;

  // The team's language model works on its rewrite beside the check (`rewrite.model_pending`); the server
  // keeps its outcome per text, so asking again for the same text brings it at once when it is ready.
  // Asked every MODEL_FOLLOW_UP_MS, at most MODEL_FOLLOW_UPS times: the last ask comes ~4.5 s after the
  // answer, past the model's default budget (4 s), by which the server has the outcome. Beyond that the
  // rules' rewrite stays: a slower model is not waited for (the bound keeps a model that never finishes
  // from costing a check every 1.5 s while the agent reads).
  const MODEL_FOLLOW_UP_MS = 1500;
  const MODEL_FOLLOW_UPS = 3;

  /** Whether the server says this answer is partial and a second ask would complete it. */
  function cutShort(result) {
    return Boolean((result.grammar && result.grammar.complete === false) || result.rewrite_skipped === 'time_limit');
  }

  /** Whether the team's model is still working on this answer's rewrite. */
  function modelPending(result) {
    return Boolean(result.rewrite && result.rewrite.model_pending === true);
  }

  /**
   * The quiet ask due after `result` ({kind, delay}), or null: one 'complete' ask after an answer cut short,
   * then up to MODEL_FOLLOW_UPS 'model' asks while the model works. Counts against `asked` (per text).
   */
  function nextFollowUp(result, asked) {
    if (!asked.complete && cutShort(result)) return { kind: 'complete', delay: FOLLOW_UP_MS };
    if (modelPending(result) && asked.model < MODEL_FOLLOW_UPS) return { kind: 'model', delay: MODEL_FOLLOW_UP_MS };
    return null;
  }

  /** `rewrite` as shown when no more asks will come: the rules' rewrite, no longer "the model is working". */
  function settledRewrite(rewrite) {
    return rewrite && rewrite.model_pending ? { ...rewrite, model_pending: false } : rewrite;
  }

  /**
   * Check the text now: one request per typing pause, its findings shown as soon as it answers.
   * (A fast pass without grammar before the full one made the server analyse every pause twice, issue 17.)
   * Typing again before the answer aborts the request (schedule() sends CANCEL) and drops its answer.
   * `followUp`: a quiet ask for the same text (no "checking" state): 'complete' after an answer cut short
   * (shows the whole answer), 'model' while the team's model works (replaces only the rewrite section).
   */
  async function runCheck(followUp = null) {
    const editor = controller.editor;
    if (!editor) return;
    if (!editor.root.isConnected) { forgetEditor(); return; }
    if (!controller.site) await loadSite();
    if (!controller.site.enabled) { forgetEditor(); return; } // switched off (settings arrived late)
    const seq = controller.seq;
    const text = currentModel().text;
    if (followUp && (!controller.followUps || text !== controller.followUps.text || text !== controller.checkedText)) {
      // The text changed without an edit event (a page script): the answer waited for is about old text.
      controller.followUps = null;
      schedule();
      return;
    }
    if (!text.trim()) {
      controller.ignoredHere.clear(); // "ignore here" was for that reply; an emptied editor starts the next one
      controller.findings = [];
      controller.checkedText = text;
      overlay().clearFindings();
      overlay().setPending(false);
      setState('idle', '');
      return;
    }
    if (text.length > 50000) {
      setState('error', t('too_long'));
      return;
    }
    controller.stats.checks += 1;
    if (!followUp) {
      overlay().setChecking();
      controller.followUps = { text, complete: false, model: 0 };
    } else {
      controller.followUps[followUp] = followUp === 'model' ? controller.followUps.model + 1 : true;
    }
    controller.inFlight = true;
    const answer = await send({ kind: KINDS.CHECK, slot: 'editor', payload: payloadFor(text) });
    if (seq !== controller.seq || controller.editor !== editor) return; // the agent typed meanwhile: stale
    controller.inFlight = false;
    if (!answer.ok) {
      if (answer.state === 'cancelled') return;
      if (followUp) { stopFollowUps(text); return; } // a failed follow-up leaves the shown result alone
      overlay().setPending(false);
      setState(answer.state || 'error', answer.message);
      return;
    }
    const next = nextFollowUp(answer.result, controller.followUps);
    const result = next ? answer.result : { ...answer.result, rewrite: settledRewrite(answer.result.rewrite) };
    if (followUp !== 'model') show(result, text, true);
    else if (result.rewrite && result.rewrite.text) showRewrite(result.rewrite, text);
    else if (!next) stopFollowUps(text); // no rewrite in this answer (a busy server): keep the shown one
    if (next) {
      // Typing first restarts this timer (schedule()), so a follow-up never asks about old text.
      clearTimeout(controller.timer);
      controller.timer = setTimeout(() => { if (seq === controller.seq) runCheck(next.kind); }, next.delay);
    }
  }

  /** A follow-up for `text` brought a rewrite: it replaces the shown one (the findings stay as they are). */
  function showRewrite(rewrite, text) {
    if (!controller.result || controller.checkedText !== text || !rewrite || !rewrite.text) return;
    if (overlay().updateRewrite(rewrite, text)) controller.result = { ...controller.result, rewrite };
  }

  /** No more asks for `text` (a follow-up failed or brought no rewrite): the shown rewrite stops saying the model is working. */
  function stopFollowUps(text) {
    const rewrite = controller.result && controller.result.rewrite;
    if (rewrite && rewrite.model_pending) showRewrite(settledRewrite(rewrite), text);
  }

  /** Render a check result for `text`; `refilter`: the same result again after a settings change (the status line stays, e.g. its Undo). */
  function show(result, text, complete, { refilter = false } = {}) {
    controller.result = result;
    controller.resultComplete = complete;
    controller.checkedText = text;
    controller.findings = (result.findings || []).filter(wanted);
    const ov = overlay();
    ov.render(result, controller.findings, { complete, text });
    if (K.customerContext) K.customerContext.render(ov); // issue 9: show which customer message was used
    if (complete) ov.setPending(false);
    if (!refilter) ov.setStatus(complete && result.grammar && result.grammar.complete === false ? t('grammar_incomplete') : '');
    ov.setLanguage(result.language);
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
    const rects = K.geometry.spanRects(editor, model, spans, ov.measuringRoot());
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
      overlay().setLastApply('stale');
      schedule();
      return;
    }
    const edit = K.spanMapping.widenedEdit(model.text, finding, span, index);
    const result = edit
      ? await K.apply.replaceSpan(editor, model, edit.start, edit.end, edit.replacement)
      : await K.apply.replaceSpan(editor, model, span.start, span.end, replacement);
    overlay().setLastApply(result.ok ? 'applied' : `failed:${result.reason}`);
    if (result.reason === 'text-changed') {
      // The text changed just before the edit (apply.js wrote nothing): as stale as above.
      dropFinding(id);
      overlay().setStatus(t('stale_suggestion'));
      schedule();
      return;
    }
    if (!result.ok) {
      overlay().setStatus(t('apply_failed'));
      return;
    }
    dropFinding(id);
    schedule();
  }

  /**
   * Replace the whole text with the rewrite the agent confirmed (the one its diff shows) as one edit (minimal
   * span, so one undo step restores it) — only while the editor holds exactly the text it was written for.
   */
  async function insertRewrite() {
    const editor = controller.editor;
    const confirmed = controller.overlay && controller.overlay.rewriteToInsert();
    if (!editor || !confirmed || !confirmed.rewrite.text) return;
    const rewrite = confirmed.rewrite;
    const model = currentModel();
    if (model.text !== confirmed.text || model.text !== controller.checkedText) {
      overlay().setStatus(t('stale_rewrite'));
      overlay().setLastApply('stale');
      overlay().hideRewriteDiff();
      schedule();
      return;
    }
    const change = K.spanMapping.minimalReplacement(model.text, rewrite.text);
    if (!change) return;
    const result = await K.apply.replaceSpan(editor, model, change.start, change.end, change.text);
    overlay().setLastApply(result.ok ? 'rewrite' : `failed:${result.reason}`);
    overlay().hideRewriteDiff();
    overlay().setStatus(result.ok ? t('rewrite_inserted') : t(result.reason === 'text-changed' ? 'stale_rewrite' : 'apply_failed'));
    schedule();
  }

  /** Handle a button in the overlay. */
  async function onAction(action, data) {
    switch (action) {
      case 'apply':
      case 'apply-alt':
        return applyFinding(data.id, data.index);
      case 'ignore-here':
        if (!data.id) return undefined;
        controller.ignoredHere.add(data.id);
        dropFinding(data.id);
        return undefined;
      case 'ignore':
        if (!data.id) return undefined;
        controller.site.ignored = (controller.site.ignored || []).concat([data.id]);
        dropFinding(data.id);
        overlay().offerUndo(t('ignored_always'), 'undo-ignore', data.id);
        return send({ kind: KINDS.IGNORE, origin, id: data.id });
      case 'undo-ignore':
        // The stored list changes; the settings change re-shows the finding.
        overlay().setStatus('');
        return send({ kind: KINDS.IGNORE, origin, id: data.id, ignored: false });
      case 'disable-rule': {
        const finding = findingById(data.id);
        if (!finding || !finding.rule) return undefined;
        // Every finding of the rule goes at once; the stored setting keeps it away on every site.
        controller.site.disabledRules = (controller.site.disabledRules || []).concat([finding.rule]);
        for (const other of controller.findings.filter((f) => f.rule === finding.rule)) dropFinding(other.id);
        overlay().offerUndo(t('rule_disabled'), 'undo-disable-rule', finding.rule);
        return send({ kind: KINDS.RULE, rule: finding.rule, disabled: true });
      }
      case 'undo-disable-rule':
        overlay().setStatus('');
        return send({ kind: KINDS.RULE, rule: data.id, disabled: false });
      case 'clear-customer':
        if (K.customerContext) K.customerContext.clear();
        return undefined;
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
    if (controller.overlay && controller.overlay.contains(event.target)) return;
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
  // The browser's `commands` (manifest) deliver the same key where it is not remapped; this in-page
  // fallback keeps the panel reachable where the browser does not deliver extension shortcuts.
  function onKeyDown(event) {
    // Escape in the editor closes an open card (the editor keeps the key too).
    if (event.key === 'Escape' && controller.overlay && controller.overlay.openCardId()) controller.overlay.closeCard();
    if (!(event.altKey && event.shiftKey && (event.key === 'K' || event.key === 'k' || event.code === 'KeyK'))) return;
    if (!controller.overlay) return;
    event.preventDefault();
    controller.overlay.focusPanel();
  }

  /** The findings with words in the text, in reading order (what next/previous move through). */
  function spannedFindings() {
    return controller.findings.filter((f) => f.start !== null && f.start !== undefined && f.end > f.start)
      .sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** Move to the next (`step` 1) or previous (-1) finding: its card opens at the words with keyboard focus. */
  function moveToFinding(step) {
    const list = spannedFindings();
    if (!list.length || !controller.overlay) return false;
    const current = list.findIndex((f) => f.id === controller.overlay.currentFindingId());
    const next = current < 0 ? (step > 0 ? 0 : list.length - 1) : (current + step + list.length) % list.length;
    return controller.overlay.focusFinding(list[next].id);
  }

  /** A keyboard command from the manifest's `commands` (sent by the worker to the tab's frames). */
  function runCommand(command) {
    // Only the frame the agent works in acts: it follows an editor and has focus.
    if (!controller.editor || !controller.overlay || !doc.hasFocus()) return false;
    switch (command) {
      case 'open-panel':
        controller.overlay.focusPanel();
        return true;
      case 'next-finding':
        return moveToFinding(1);
      case 'previous-finding':
        return moveToFinding(-1);
      case 'apply-first': {
        const id = controller.overlay.currentFindingId();
        const finding = (id && findingById(id)) || spannedFindings().find((f) => (f.replacements || []).length);
        if (!finding || !(finding.replacements || []).length) return false;
        applyFinding(finding.id, 0);
        return true;
      }
      case 'insert-rewrite':
        if (!controller.result || !controller.result.rewrite) return false;
        controller.overlay.setOpen(true);
        controller.overlay.showRewriteDiff(); // the agent still confirms: the rewrite changes the whole reply
        return true;
      default:
        return false;
    }
  }

  /** Messages from the worker: keyboard commands, and the top frame's origin for the toolbar popup. */
  function onWorkerMessage(message, sender, sendResponse) {
    if (!message || !sender || sender.id !== ext.runtime.id || sender.tab) return false; // the worker only
    if (message.kind === 'command') {
      // Every frame gets the command; only the one that acts answers (the first answer is the one kept).
      if (runCommand(String(message.command || ''))) sendResponse({ ok: true, handled: true });
    } else if (message.kind === 'tab-origin' && isTopFrame) {
      sendResponse({ ok: true, origin: location.origin });
    }
    return false;
  }

  doc.addEventListener('focusin', onFocusIn, true);
  doc.addEventListener('input', onInput, true);
  doc.addEventListener('keydown', onKeyDown, true);
  root.addEventListener('scroll', queueReposition, true);
  root.addEventListener('resize', queueReposition);
  ext.storage.onChanged.addListener(() => { siteChanged(); });
  try {
    ext.runtime.onMessage.addListener(onWorkerMessage);
  } catch (err) {
    // No messaging (extension reloaded underneath the page): no commands here.
  }
  // Issue 9 (site adapters): follow the reply editor through the app's re-renders and SPA navigation
  // (content/siteWatch.js), and the customer context chosen through the context menu.
  if (K.customerContext) K.customerContext.init({ recheck: () => { if (controller.editor) schedule(); } });
  if (K.siteWatch) {
    K.siteWatch.start(doc, {
      current: () => controller.editor,
      follow: (element) => { const editor = editorFor(element); if (editor) attach(editor); },
      navigated: () => {
        controller.ignoredHere.clear(); // another conversation: "ignore here" does not carry over
        if (K.customerContext) K.customerContext.conversationChanged();
        if (controller.editor) schedule();
      },
    });
  }
  // An editor may already have focus when the script arrives (document_idle).
  loadSite().then(followActiveEditor);
})(globalThis);
