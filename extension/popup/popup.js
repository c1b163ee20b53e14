/**
 * The toolbar popup: checking on/off for the current tab's site, pause, server status with the fix,
 * the tab's finding counts, the "Is this site working?" diagnosis and a link to the options.
 * Everything goes through the worker, which decides the site from the tab itself (never from this page).
 */
(async function (root) {
  'use strict';
  const ext = root.browser || root.chrome;
  const { KINDS } = root.Klarsvar.protocol;
  const $ = (selector) => document.querySelector(selector);
  const state = { tabId: null, site: null, origin: null };

  const { ready: messagesReady, t } = root.Klarsvar.i18n.createTranslator(ext);

  /** Fill every `data-i18n` element with the browser-language string. */
  function localize() {
    document.documentElement.lang = ext.i18n.getUILanguage().split('-')[0];
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.getAttribute('data-i18n'));
  }

  /** Ask the worker. */
  function send(message) {
    return ext.runtime.sendMessage(message);
  }

  /** The tab this popup describes: the active tab, or `?tab=<id>` when the page is opened in a tab of its own. */
  async function targetTab() {
    const asked = Number(new URLSearchParams(location.search).get('tab'));
    if (Number.isInteger(asked) && asked > 0) return asked;
    const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
    return tab ? tab.id : null;
  }

  /** The site switch, the pause controls and the tab's counts from the worker's view of the tab. */
  async function showTab() {
    const answer = await send({ kind: KINDS.TAB_STATUS, tabId: state.tabId });
    state.origin = answer && answer.ok ? answer.origin : null;
    state.site = answer && answer.ok ? answer.site : null;
    const toggle = $('#site-enabled');
    document.body.setAttribute('data-site', state.origin || '');
    if (!state.origin) {
      toggle.disabled = true;
      toggle.checked = false;
      $('#site-label').textContent = t('popup_no_site');
      $('#pause-section').hidden = true;
    } else {
      toggle.disabled = false;
      // The switch shows the agent's choice for this site; a pause is shown (and lifted) separately.
      toggle.checked = state.site.enabled || state.site.off === 'paused';
      $('#site-label').textContent = t('popup_site_on', [new URL(state.origin).host]);
      $('#site-note').textContent = state.site.off === 'not_listed' ? t('popup_allow_list_off') : '';
      $('#pause-section').hidden = false;
    }
    const paused = Boolean(state.site && state.site.pausedUntil);
    document.body.toggleAttribute('data-paused', paused);
    $('#pause').hidden = paused;
    $('#pause-minutes').disabled = paused;
    $('#resume').hidden = !paused;
    $('#pause-note').textContent = paused
      ? t('popup_paused_until', [new Date(state.site.pausedUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })]) : '';
    showCounts(answer && answer.ok ? answer.tab : null);
    if (state.site && !state.site.paired) showServer('unauthorized');
  }

  /** Finding counts for the tab, by category. */
  function showCounts(tab) {
    const list = $('#counts');
    list.replaceChildren();
    if (!tab || tab.state !== 'ready') {
      $('#counts-total').textContent = tab ? t(`state_${tab.state}`) : t('popup_counts_none');
      $('#counts-total').setAttribute('data-count', '');
      return;
    }
    $('#counts-total').textContent = t('popup_counts_total', [String(tab.count)]);
    $('#counts-total').setAttribute('data-count', String(tab.count));
    for (const [category, count] of Object.entries(tab.categories || {}).sort((a, b) => b[1] - a[1])) {
      const item = document.createElement('li');
      item.setAttribute('data-category', category);
      item.textContent = `${t(`category_${category}`) || category}: ${count}`;
      list.append(item);
    }
  }

  /** Server line: reachable with version and engine, or the state with the one thing that fixes it. */
  function showServer(stateName, health) {
    const line = $('#server');
    line.setAttribute('data-state', stateName);
    if (stateName === 'ready') {
      const engine = health.grammar ? `${health.grammar.engine}${health.grammar.mode ? ` (${health.grammar.mode})` : ''}` : 'none';
      line.textContent = t('popup_server_ok', [health.version || '?', engine]);
      $('#server-fix').textContent = '';
    } else {
      line.textContent = t(`state_${stateName}`);
      $('#server-fix').textContent = t(`state_${stateName}_hint`);
    }
  }

  /** Ask the worker for the server's health. */
  async function checkServer() {
    const answer = await send({ kind: KINDS.HEALTH });
    if (state.site && !state.site.paired) return; // no token: that is the fix to show
    if (!answer || !answer.ok) { showServer((answer && answer.state) || 'error'); return; }
    // Reachable is not enough: a one-word check proves the token (a wrong one answers 'unauthorized').
    const probe = await send({ kind: KINDS.CHECK, slot: 'popup', payload: { text: 'Test.', language: 'en', grammar: false, rewrite: false } });
    if (probe && probe.ok) showServer('ready', answer.health || {});
    else showServer((probe && probe.state) || 'error');
  }

  /** The top frame's own report of which adapter it uses and which selectors matched, as pasteable text. */
  async function diagnose() {
    const box = $('#diagnosis');
    let text;
    try {
      const answer = await ext.tabs.sendMessage(state.tabId, { kind: 'site-diagnosis' }, { frameId: 0 });
      text = answer && answer.ok ? answer.text : t('popup_no_site');
    } catch (err) {
      text = t('popup_no_site');
    }
    box.textContent = text;
    box.hidden = false;
    $('#copy-diagnosis').hidden = false;
  }

  /** Copy the diagnosis text for a bug report. */
  async function copyDiagnosis() {
    const text = $('#diagnosis').textContent;
    try {
      await navigator.clipboard.writeText(text);
    } catch (err) {
      // Older engines: copy the selected text instead.
      const range = document.createRange();
      range.selectNodeContents($('#diagnosis'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      document.execCommand('copy');
    }
    $('#copy-diagnosis').textContent = t('popup_copied');
  }

  $('#site-enabled').addEventListener('change', async () => {
    await send({ kind: KINDS.SET_SITE, tabId: state.tabId, enabled: $('#site-enabled').checked });
    await showTab();
  });
  $('#pause').addEventListener('click', async () => {
    await send({ kind: KINDS.PAUSE, minutes: Number($('#pause-minutes').value) });
    await showTab();
  });
  $('#resume').addEventListener('click', async () => {
    await send({ kind: KINDS.PAUSE, minutes: 0 });
    await showTab();
  });
  $('#diagnose').addEventListener('click', diagnose);
  $('#copy-diagnosis').addEventListener('click', copyDiagnosis);
  $('#options').addEventListener('click', (event) => {
    event.preventDefault();
    ext.runtime.openOptionsPage();
    root.close();
  });

  await messagesReady();
  localize();
  $('#pause').textContent = t('popup_pause_minutes', [$('#pause-minutes').value]);
  $('#pause-minutes').addEventListener('change', () => { $('#pause').textContent = t('popup_pause_minutes', [$('#pause-minutes').value]); });
  targetTab().then(async (tabId) => {
    state.tabId = tabId;
    await showTab();
    await checkServer();
    document.body.setAttribute('data-ready', '');
  });
})(globalThis);
