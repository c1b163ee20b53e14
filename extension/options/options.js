/**
 * The options page: server address, token pairing, "Test connection", default language and channel,
 * and per-site on/off and channel. Talks to the server only through the background worker.
 */
(async function (root) {
  'use strict';
  const ext = root.browser || root.chrome;
  const { KINDS, CATEGORIES } = root.Klarsvar.protocol;
  const $ = (selector) => document.querySelector(selector);

  const { ready: messagesReady, t } = root.Klarsvar.i18n.createTranslator(ext);

  /** Fill every `data-i18n` element (and placeholder) with the browser-language string. */
  function localize() {
    document.documentElement.lang = ext.i18n.getUILanguage().split('-')[0];
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.getAttribute('data-i18n'));
    for (const node of document.querySelectorAll('[data-i18n-placeholder]')) {
      node.setAttribute('placeholder', t(node.getAttribute('data-i18n-placeholder')));
    }
    document.title = t('options_title');
  }

  /** Ask the worker. */
  function send(message) {
    return ext.runtime.sendMessage(message);
  }

  /** Show the connection state: a badge word and one sentence on how to fix it. */
  function showConnection(state, sentence) {
    $('#connection').setAttribute('data-state', state);
    $('#connection-badge').textContent = state === 'idle' ? '' : t(`state_${state}`);
    $('#connection-text').textContent = sentence || '';
  }

  /** Health (version, engine) and then an authenticated request to prove the token. */
  async function testConnection() {
    showConnection('checking', t('options_testing'));
    const health = await send({ kind: KINDS.HEALTH });
    if (!health.ok) {
      showConnection(health.state, t(`state_${health.state}_hint`) || health.message);
      return;
    }
    const probe = await send({ kind: KINDS.CHECK, slot: 'options', payload: { text: 'Test.', language: 'en', grammar: false, rewrite: false } });
    if (!probe.ok) {
      showConnection(probe.state, t(`state_${probe.state}_hint`) || probe.message);
      return;
    }
    const h = health.health || {};
    const engine = h.grammar ? `${h.grammar.engine}${h.grammar.mode ? ` (${h.grammar.mode})` : ''}` : 'none';
    const mine = ext.runtime.getManifest().version;
    const sentence = t('options_connected', [h.version || '?', engine]);
    // The wire contract may change between minor versions: say so rather than fail in odd ways later.
    const warn = h.version && !sameMinor(h.version, mine) ? ` ${t('options_version_mismatch', [mine, h.version])}` : '';
    showConnection('ready', sentence + warn);
  }

  /** Whether two versions share major and minor ("0.4.1" and "0.4.0" do; "0.5.0" and "0.4.0" do not). */
  function sameMinor(a, b) {
    const head = (v) => String(v).split('.').slice(0, 2).join('.');
    return head(a) === head(b);
  }

  /** Render the per-site table from the settings. */
  function renderSites(sites) {
    const body = $('#sites tbody');
    body.replaceChildren();
    for (const origin of Object.keys(sites).sort()) {
      const site = sites[origin];
      const row = document.createElement('tr');
      row.setAttribute('data-origin', origin);
      const name = document.createElement('td');
      name.className = 'origin';
      name.textContent = origin;
      const ignoredCount = (site.ignored || []).length;
      if (ignoredCount) {
        const small = document.createElement('div');
        small.className = 'help';
        small.textContent = t('options_site_ignored', [String(ignoredCount)]);
        // "Ignore always" can be taken back: every ignored suggestion on this site shows again.
        const unignore = document.createElement('button');
        unignore.type = 'button';
        unignore.className = 'link';
        unignore.setAttribute('data-action', 'clear-ignored');
        unignore.textContent = t('options_site_clear_ignored');
        unignore.addEventListener('click', () => updateSite(origin, { ignored: [] }));
        small.append(' ', unignore);
        name.append(small);
      }
      const enabledCell = document.createElement('td');
      const enabled = document.createElement('input');
      enabled.type = 'checkbox';
      enabled.checked = site.enabled !== false;
      enabled.setAttribute('aria-label', `${t('options_site_enabled')}: ${origin}`);
      enabled.addEventListener('change', () => updateSite(origin, { enabled: enabled.checked }));
      enabledCell.append(enabled);
      const channelCell = document.createElement('td');
      const channel = document.createElement('select');
      channel.setAttribute('aria-label', `${t('options_site_channel')}: ${origin}`);
      for (const value of ['email', 'chat']) {
        const option = document.createElement('option');
        option.value = value;
        option.textContent = t(`options_channel_${value}`);
        channel.append(option);
      }
      channel.value = site.channel || 'email';
      channel.addEventListener('change', () => updateSite(origin, { channel: channel.value }));
      channelCell.append(channel);
      const removeCell = document.createElement('td');
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = t('options_site_remove');
      remove.setAttribute('aria-label', `${t('options_site_remove')}: ${origin}`);
      remove.addEventListener('click', () => updateSite(origin, null));
      removeCell.append(remove);
      row.append(name, enabledCell, channelCell, removeCell);
      body.append(row);
    }
  }

  /** The category a rule id names (`da.internal_language.eskaleret` → internal_language). */
  function ruleCategory(rule) {
    const parts = String(rule).split('.');
    return parts.length >= 3 ? parts[1] : 'other';
  }

  /** The rules this agent turned off, by category with counts, each with a button to turn it on again. */
  function renderRules(disabledRules) {
    const box = $('#rules');
    box.replaceChildren();
    if (!disabledRules.length) {
      const none = document.createElement('p');
      none.className = 'help';
      none.textContent = t('options_rules_none');
      box.append(none);
      return;
    }
    const groups = new Map();
    for (const rule of disabledRules) {
      const category = ruleCategory(rule);
      if (!groups.has(category)) groups.set(category, []);
      groups.get(category).push(rule);
    }
    for (const [category, rules] of Array.from(groups.entries()).sort()) {
      const group = document.createElement('section');
      group.setAttribute('data-category', category);
      const heading = document.createElement('h3');
      heading.textContent = t('options_category_count', [t(`category_${category}`), String(rules.length)]);
      const list = document.createElement('ul');
      for (const rule of rules.sort()) {
        const item = document.createElement('li');
        item.setAttribute('data-rule', rule);
        const name = document.createElement('code');
        name.textContent = rule;
        const enable = document.createElement('button');
        enable.type = 'button';
        enable.setAttribute('data-action', 'enable-rule');
        enable.textContent = t('options_rule_enable');
        enable.setAttribute('aria-label', `${t('options_rule_enable')}: ${rule}`);
        enable.addEventListener('click', async () => {
          await send({ kind: KINDS.RULE, rule, disabled: false });
          load();
        });
        item.append(name, ' ', enable);
        list.append(item);
      }
      group.append(heading, list);
      box.append(group);
    }
  }

  /** One checkbox per category: unchecked categories are not shown anywhere. */
  function renderCategories(disabled) {
    const box = $('#categories');
    for (const old of box.querySelectorAll('label')) old.remove();
    for (const category of CATEGORIES) {
      const label = document.createElement('label');
      label.className = 'inline';
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.setAttribute('data-category', category);
      input.checked = !disabled.includes(category);
      input.addEventListener('change', () => {
        const off = Array.from(box.querySelectorAll('input[data-category]')).filter((i) => !i.checked).map((i) => i.getAttribute('data-category'));
        send({ kind: KINDS.SAVE_SETTINGS, settings: { disabledCategories: off } });
      });
      label.append(input, ' ', t(`category_${category}`));
      box.append(label);
    }
  }

  /** Change (or with `null` remove) one site's settings. */
  async function updateSite(origin, change) {
    const { settings } = await send({ kind: KINDS.GET_SETTINGS });
    const sites = { ...settings.sites };
    if (change === null) delete sites[origin];
    else sites[origin] = { ...(sites[origin] || {}), ...change };
    const saved = await send({ kind: KINDS.SAVE_SETTINGS, settings: { sites } });
    renderSites(saved.settings.sites);
  }

  /** Show whether a token is paired (the token itself stays in the worker). */
  function showPaired(paired) {
    $('#token').value = '';
    $('#token').setAttribute('placeholder', paired ? '••••••••••••' : '');
  }

  /** Re-read the lists that change from elsewhere (rules, sites) without touching fields being edited. */
  async function refresh() {
    const { settings } = await send({ kind: KINDS.GET_SETTINGS });
    renderSites(settings.sites);
    renderRules(settings.disabledRules || []);
  }

  /** Load the settings into the form. */
  async function load() {
    const { settings } = await send({ kind: KINDS.GET_SETTINGS });
    $('#server-url').value = settings.serverUrl;
    showPaired(settings.paired);
    $('#language').value = settings.language;
    $('#default-channel').value = settings.defaultChannel;
    renderSites(settings.sites);
    renderRules(settings.disabledRules || []);
    renderCategories(settings.disabledCategories || []);
    $('#min-severity').value = settings.minSeverity || 'suggestion';
    $('#allow-list').checked = settings.allowList === true;
    if (!settings.paired) showConnection('unauthorized', t('state_unauthorized_hint'));
  }

  $('#server-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const changes = { serverUrl: $('#server-url').value };
    if ($('#token').value.trim()) changes.token = $('#token').value;
    const saved = await send({ kind: KINDS.SAVE_SETTINGS, settings: changes });
    if (!saved.ok) {
      showConnection('error', saved.message);
      return;
    }
    showPaired(saved.settings.paired);
    showConnection('idle', t('options_saved'));
    testConnection();
  });
  $('#pair-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = $('#pair-code').value.trim();
    if (!code) return;
    // The server address may have just been typed: pairing asks the server in the field, not the saved one.
    await send({ kind: KINDS.SAVE_SETTINGS, settings: { serverUrl: $('#server-url').value } });
    const answer = await send({ kind: KINDS.PAIR, code });
    $('#pair-code').value = '';
    if (!answer.ok) {
      const known = { pairing_code_invalid: 'options_pair_invalid', pairing_locked: 'options_pair_locked' }[answer.code];
      // The server's own sentence says how many tries are left; ours says what to do.
      showConnection(answer.state === 'offline' ? 'offline' : 'error',
        known ? `${t(known)} ${answer.message || ''}`.trim() : (t(`state_${answer.state}_hint`) || answer.message));
      return;
    }
    showPaired(answer.settings.paired);
    showConnection('idle', t('options_paired'));
    testConnection();
  });
  $('#test-connection').addEventListener('click', testConnection);
  $('#language').addEventListener('change', () => send({ kind: KINDS.SAVE_SETTINGS, settings: { language: $('#language').value } }));
  $('#default-channel').addEventListener('change', () => send({ kind: KINDS.SAVE_SETTINGS, settings: { defaultChannel: $('#default-channel').value } }));
  $('#min-severity').addEventListener('change', () => send({ kind: KINDS.SAVE_SETTINGS, settings: { minSeverity: $('#min-severity').value } }));
  $('#allow-list').addEventListener('change', () => send({ kind: KINDS.SAVE_SETTINGS, settings: { allowList: $('#allow-list').checked } }));
  $('#site-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    let origin;
    try {
      const url = new URL($('#site-origin').value.trim());
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
      origin = url.origin;
    } catch (err) {
      $('#site-error').textContent = t('options_site_invalid');
      return;
    }
    $('#site-error').textContent = '';
    $('#site-origin').value = '';
    await updateSite(origin, {});
  });

  await messagesReady();
  localize();
  load();
  // A rule turned off from a card, or a site switched in the popup, shows here without a reload.
  ext.storage.onChanged.addListener(() => { refresh(); });
})(globalThis);
