/**
 * Background service worker (Chromium) / background script (Firefox): the ONLY part of the extension
 * that talks to the Klarsvar server. Content scripts and the options page send it messages.
 */
/* global importScripts */
if (typeof importScripts === 'function' && !(globalThis.Klarsvar && globalThis.Klarsvar.client)) {
  // Chromium's service worker loads the shared scripts itself; Firefox lists them in the manifest.
  importScripts('../shared/namespace.js', '../shared/protocol.js', 'client.js');
}

(function (root) {
  'use strict';
  const ext = root.browser || root.chrome;
  const { KINDS, DEFAULT_SETTINGS, CATEGORIES, SEVERITIES, COMMANDS } = root.Klarsvar.protocol;
  const { createServerClient, ServerError } = root.Klarsvar.client;
  const OPTIONS_PAGE = 'options/options.html';
  const POPUP_PAGE = 'popup/popup.html';
  const MAX_DISABLED_RULES = 1000;
  const MAX_PAUSE_MINUTES = 24 * 60;
  // How long a check may take before the agent is told; past it the request is dropped, never repeated
  // (the server stops the work at its own cap). Tests shorten them through the global.
  const CHECK_TIMEOUTS_MS = root.KLARSVAR_CHECK_TIMEOUTS_MS || { fast: 5000, full: 8000 };

  /** Read the settings, filled in with defaults. */
  async function loadSettings() {
    const stored = await ext.storage.local.get(Object.keys(DEFAULT_SETTINGS));
    return withPolicy({ ...DEFAULT_SETTINGS, ...stored, sites: { ...(stored.sites || {}) } }, await managedSettings());
  }

  // What IT may set by browser policy (managed_schema.json); an agent's own setting never overrides it.
  const MANAGED_KEYS = ['serverUrl', 'allowList', 'sites', 'disabledRules', 'disabledCategories'];

  // Chromium's first read of the managed area takes seconds (the policy service starts); no check may wait
  // for that, so the policy is read once in the background, kept, and re-read when the browser changes it.
  const POLICY_WAIT_MS = 150;
  let policy = null;
  let policyRead = null;

  /** Read the policy into `policy` ({} where there is none: Firefox rejects without one). */
  function readPolicy() {
    policyRead = (async () => {
      try {
        policy = (ext.storage.managed && (await ext.storage.managed.get(MANAGED_KEYS))) || {};
      } catch (err) {
        policy = {};
      }
      return policy;
    })();
    return policyRead;
  }

  /** The organisation's policy for the extension: the kept one, else what a short wait brings. */
  async function managedSettings() {
    if (policy) return policy;
    const pending = policyRead || readPolicy();
    return Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve({}), POLICY_WAIT_MS))]);
  }

  readPolicy();
  if (ext.storage.onChanged) {
    ext.storage.onChanged.addListener((_changes, area) => { if (area === 'managed') readPolicy(); });
  }

  /** `settings` with the policy laid over it: its server and switches win, its rule lists add to the agent's. */
  function withPolicy(settings, policy) {
    const out = { ...settings, managed: [] };
    const serverUrl = typeof policy.serverUrl === 'string' ? cleanServerUrl(policy.serverUrl) : null;
    if (serverUrl) { out.serverUrl = serverUrl; out.managed.push('serverUrl'); }
    if (typeof policy.allowList === 'boolean') { out.allowList = policy.allowList; out.managed.push('allowList'); }
    if (policy.sites && typeof policy.sites === 'object') {
      for (const [origin, site] of Object.entries(policy.sites)) {
        const clean = cleanServerUrl(origin);
        if (!clean || !site || typeof site !== 'object') continue;
        const fixed = {};
        if (typeof site.enabled === 'boolean') fixed.enabled = site.enabled;
        if (site.channel === 'email' || site.channel === 'chat') fixed.channel = site.channel;
        out.sites[clean] = { ...(out.sites[clean] || {}), ...fixed };
      }
      out.managed.push('sites');
    }
    for (const key of ['disabledRules', 'disabledCategories']) {
      if (!Array.isArray(policy[key])) continue;
      out[key] = Array.from(new Set([...(out[key] || []), ...policy[key].filter((v) => typeof v === 'string')]));
      out.managed.push(key);
    }
    return out;
  }

  /** The settings as the options page may see them: everything but the token (only whether there is one). */
  function visibleSettings(settings) {
    const { token, ...rest } = settings;
    return { ...rest, paired: Boolean(token) };
  }

  /** A server address the worker will send text and the token to: http(s), no credentials, no path. */
  function cleanServerUrl(value) {
    let url;
    try {
      url = new URL(String(value).trim());
    } catch (err) {
      return null;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return null;
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return null;
    return url.origin;
  }

  /** Merge a partial settings object into storage (only known keys, each checked). */
  async function saveSettings(partial) {
    const clean = {};
    for (const key of Object.keys(DEFAULT_SETTINGS)) {
      if (partial && Object.prototype.hasOwnProperty.call(partial, key)) clean[key] = partial[key];
    }
    if ('serverUrl' in clean) {
      const url = cleanServerUrl(clean.serverUrl);
      if (!url) throw new ServerError('error', 'bad_server_url', 'The server address must be http:// or https:// with a host and port only.');
      clean.serverUrl = url;
    }
    if ('token' in clean) {
      // An empty field keeps the paired token: the options page never sees it, so it cannot send it back.
      if (typeof clean.token !== 'string' || !clean.token.trim()) delete clean.token;
      else clean.token = clean.token.trim();
    }
    for (const key of ['language', 'defaultChannel']) {
      if (key in clean && typeof clean[key] !== 'string') delete clean[key];
    }
    if ('sites' in clean && (typeof clean.sites !== 'object' || clean.sites === null || Array.isArray(clean.sites))) delete clean.sites;
    if ('disabledRules' in clean) {
      if (!Array.isArray(clean.disabledRules)) delete clean.disabledRules;
      else clean.disabledRules = Array.from(new Set(clean.disabledRules.filter((r) => typeof r === 'string' && r))).slice(-MAX_DISABLED_RULES);
    }
    if ('disabledCategories' in clean) {
      if (!Array.isArray(clean.disabledCategories)) delete clean.disabledCategories;
      else clean.disabledCategories = Array.from(new Set(clean.disabledCategories.filter((c) => CATEGORIES.includes(c))));
    }
    if ('minSeverity' in clean && !SEVERITIES.includes(clean.minSeverity)) delete clean.minSeverity;
    if ('allowList' in clean) clean.allowList = clean.allowList === true;
    // The options page sends back lists that include the policy's: only the agent's own are theirs to keep.
    const policy = await managedSettings();
    for (const key of ['disabledRules', 'disabledCategories']) {
      if (Array.isArray(clean[key]) && Array.isArray(policy[key])) clean[key] = clean[key].filter((v) => !policy[key].includes(v));
    }
    if ('pausedUntil' in clean && !(Number.isFinite(clean.pausedUntil) && clean.pausedUntil >= 0)) delete clean.pausedUntil;
    await ext.storage.local.set(clean);
    return loadSettings();
  }

  // --- who may send what ---------------------------------------------------------------------------

  /** Whether a message comes from this extension at all (not another extension or a web page). */
  function fromOwnExtension(sender) {
    return Boolean(sender) && sender.id === ext.runtime.id;
  }

  /** Whether a message comes from this extension's options page. */
  function fromOptionsPage(sender) {
    const page = ext.runtime.getURL(OPTIONS_PAGE);
    return fromOwnExtension(sender) && typeof sender.url === 'string' && sender.url.split(/[?#]/)[0] === page;
  }

  /** Whether a message comes from this extension's toolbar popup (or the popup page opened in a tab). */
  function fromPopup(sender) {
    const page = ext.runtime.getURL(POPUP_PAGE);
    return fromOwnExtension(sender) && typeof sender.url === 'string' && sender.url.split(/[?#]/)[0] === page;
  }

  /** Whether a message comes from a content script (a frame of a tab, not an extension page). */
  function fromContentScript(sender) {
    return fromOwnExtension(sender) && Boolean(sender.tab) && !fromExtensionPage(sender);
  }

  /** Whether the sender is one of the extension's own pages. */
  function fromExtensionPage(sender) {
    return typeof sender.url === 'string' && sender.url.startsWith(ext.runtime.getURL(''));
  }

  /** The web origin a content script runs for, from the browser (never from the message itself). */
  function senderOrigin(sender) {
    const candidates = [sender.origin, sender.url, sender.tab && sender.tab.url];
    for (const candidate of candidates) {
      if (!candidate || candidate === 'null') continue;
      try {
        const url = new URL(candidate);
        if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
      } catch (err) {
        // about:blank or srcdoc frames inherit the tab's origin: try the next candidate.
      }
    }
    return null;
  }

  // Which senders each message kind accepts; anything else is refused before it is looked at.
  const ALLOWED_SENDERS = {
    // The options page and the popup send a one-word probe check to prove the token works.
    [KINDS.CHECK]: (s) => fromContentScript(s) || fromOptionsPage(s) || fromPopup(s),
    [KINDS.CANCEL]: (s) => fromContentScript(s) || fromOptionsPage(s),
    [KINDS.HEALTH]: (s) => fromContentScript(s) || fromOptionsPage(s) || fromPopup(s),
    [KINDS.GET_SETTINGS]: fromOptionsPage,
    [KINDS.SAVE_SETTINGS]: fromOptionsPage,
    [KINDS.SITE]: fromContentScript,
    [KINDS.IGNORE]: fromContentScript,
    [KINDS.ALLOW_TERM]: fromContentScript,
    [KINDS.STATE]: fromContentScript,
    [KINDS.RULE]: (s) => fromContentScript(s) || fromOptionsPage(s),
    [KINDS.TAB_STATUS]: fromPopup,
    [KINDS.SET_SITE]: fromPopup,
    [KINDS.PAUSE]: fromPopup,
    [KINDS.PAIR]: fromOptionsPage,
  };

  /** The refusal for a message its sender may not send. */
  function refused() {
    return { ok: false, state: 'error', code: 'forbidden_sender', message: 'This part of the extension may not send that message.' };
  }

  const client = createServerClient({ getConfig: loadSettings });

  // One in-flight check per (tab, frame): a newer check from the same editor supersedes the older one.
  const inFlight = new Map();

  /** The key that identifies the editor frame a message came from. */
  function slotKey(sender, slot) {
    const tab = sender.tab ? sender.tab.id : 'ext';
    return `${tab}:${sender.frameId || 0}:${slot || 'main'}`;
  }

  /** Turn any thrown value into the `{ok:false, state, code, message}` answer content scripts expect. */
  function failure(err) {
    if (err instanceof ServerError) return { ok: false, state: err.state, code: err.code, message: err.message };
    return { ok: false, state: 'error', code: 'internal', message: String((err && err.message) || err) };
  }

  /**
   * Per-site settings for `origin`: enabled (and why not: off | paused | not_listed), channel, ignored
   * finding ids, and the agent's rule settings (turned-off rules, minimum severity) that hold everywhere.
   */
  async function siteSettings(origin) {
    const settings = await loadSettings();
    const site = settings.sites[origin] || {};
    const paused = settings.pausedUntil > Date.now();
    const listed = settings.allowList ? site.enabled === true : site.enabled !== false;
    return {
      enabled: listed && !paused,
      off: paused ? 'paused' : !listed ? (settings.allowList && site.enabled !== false ? 'not_listed' : 'off') : null,
      pausedUntil: paused ? settings.pausedUntil : 0,
      allowList: settings.allowList === true,
      channel: site.channel || settings.defaultChannel || 'email',
      language: settings.language || 'auto',
      ignored: Array.isArray(site.ignored) ? site.ignored : [],
      disabledRules: Array.isArray(settings.disabledRules) ? settings.disabledRules : [],
      disabledCategories: Array.isArray(settings.disabledCategories) ? settings.disabledCategories : [],
      minSeverity: SEVERITIES.includes(settings.minSeverity) ? settings.minSeverity : 'suggestion',
      paired: Boolean(settings.token),
    };
  }

  // What each tab's content script last reported (state, finding counts by category), for the popup.
  // In memory only: a restarted worker learns it again at the next check.
  const tabStates = new Map();

  /** The web origin of tab `tabId`'s top frame, asked of our own content script there (no `tabs` permission needed). */
  async function tabOrigin(tabId) {
    if (!Number.isInteger(tabId) || !ext.tabs || !ext.tabs.sendMessage) return null;
    try {
      const answer = await ext.tabs.sendMessage(tabId, { kind: 'tab-origin' }, { frameId: 0 });
      const url = new URL(answer && answer.origin);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
    } catch (err) {
      return null; // no content script there (a browser page, a store page, a PDF)
    }
  }

  /** Send a keyboard command to the tab's frames; the frame the agent works in acts on it. */
  async function runCommand(command, tabId) {
    if (!COMMANDS.includes(command) || !ext.tabs) return { ok: false };
    let id = tabId;
    if (!Number.isInteger(id)) {
      const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
      id = tab && tab.id;
    }
    if (!Number.isInteger(id)) return { ok: false };
    try {
      return await ext.tabs.sendMessage(id, { kind: 'command', command });
    } catch (err) {
      return { ok: false }; // no content script in that tab
    }
  }

  /** Update one site's settings with `change(site)`. */
  async function updateSite(origin, change) {
    const settings = await loadSettings();
    const site = { ...(settings.sites[origin] || {}) };
    change(site);
    settings.sites[origin] = site;
    await ext.storage.local.set({ sites: settings.sites });
    return site;
  }

  const BADGES = {
    idle: ['', '#888888'],
    checking: ['…', '#888888'],
    ready: ['', '#2e7d32'],
    offline: ['off', '#9e9e9e'],
    unauthorized: ['key', '#c62828'],
    error: ['err', '#c62828'],
  };

  /** Show a content script's state on the toolbar button of its tab. */
  async function showBadge(tabId, state, count) {
    if (tabId === undefined || !ext.action) return;
    const [text, color] = BADGES[state] || BADGES.idle;
    const label = state === 'ready' && count > 0 ? String(Math.min(count, 99)) : text;
    try {
      await ext.action.setBadgeText({ tabId, text: label });
      await ext.action.setBadgeBackgroundColor({ tabId, color });
      const hint = ext.i18n.getMessage(`state_${state}_hint`) || '';
      await ext.action.setTitle({ tabId, title: `Klarsvar: ${ext.i18n.getMessage(`state_${state}`)}${hint ? ` — ${hint}` : ''}` });
    } catch (err) {
      // The tab may have closed meanwhile; the badge is cosmetic.
    }
  }

  /** Handle one message; resolves to the answer sent back to the caller. */
  async function handle(message, sender) {
    const kind = message && message.kind;
    const allowed = Object.prototype.hasOwnProperty.call(ALLOWED_SENDERS, kind) ? ALLOWED_SENDERS[kind] : null;
    if (!allowed) return { ok: false, state: 'error', code: 'unknown_message', message: 'Unknown message.' };
    if (!allowed(sender)) return refused();
    switch (kind) {
      case KINDS.CHECK: {
        const key = slotKey(sender, message.slot);
        const previous = inFlight.get(key);
        if (previous) previous.abort();
        const controller = new AbortController();
        inFlight.set(key, controller);
        try {
          const timeoutMs = message.payload && message.payload.grammar === false ? CHECK_TIMEOUTS_MS.fast : CHECK_TIMEOUTS_MS.full;
          const result = await client.check(message.payload, { signal: controller.signal, timeoutMs });
          return { ok: true, result };
        } catch (err) {
          return failure(err);
        } finally {
          if (inFlight.get(key) === controller) inFlight.delete(key);
        }
      }
      case KINDS.CANCEL: {
        const key = slotKey(sender, message.slot);
        const previous = inFlight.get(key);
        if (previous) previous.abort();
        inFlight.delete(key);
        return { ok: true };
      }
      case KINDS.HEALTH:
        try {
          return { ok: true, health: await client.health() };
        } catch (err) {
          return failure(err);
        }
      case KINDS.GET_SETTINGS:
        return { ok: true, settings: visibleSettings(await loadSettings()) };
      case KINDS.SAVE_SETTINGS:
        try {
          return { ok: true, settings: visibleSettings(await saveSettings(message.settings)) };
        } catch (err) {
          return failure(err);
        }
      case KINDS.SITE: {
        const origin = senderOrigin(sender);
        if (!origin) return { ok: true, site: { enabled: false, channel: 'email', language: 'auto', ignored: [], paired: false } };
        return { ok: true, site: await siteSettings(origin) };
      }
      case KINDS.IGNORE: {
        const origin = senderOrigin(sender);
        if (!origin) return refused();
        await updateSite(origin, (site) => {
          const ignored = new Set(site.ignored || []);
          // `ignored: false` takes one ignore back (the panel's Undo right after "Ignore always").
          if (message.ignored === false) ignored.delete(String(message.id)); else ignored.add(String(message.id));
          // Bounded so a long-lived profile never grows without limit; oldest ids go first.
          site.ignored = Array.from(ignored).slice(-500);
        });
        return { ok: true };
      }
      case KINDS.PAIR:
        try {
          // The code buys the token; the token goes straight into storage and never back to the page.
          const answer = await client.pair(String(message.code || ''));
          if (!answer || typeof answer.token !== 'string' || !answer.token) {
            return { ok: false, state: 'error', code: 'bad_response', message: 'The server sent no token.' };
          }
          return { ok: true, settings: visibleSettings(await saveSettings({ token: answer.token })) };
        } catch (err) {
          return failure(err);
        }
      case KINDS.ALLOW_TERM:
        try {
          // One term, added (or turned into an allowed one) atomically on the server: no agent's
          // addition can overwrite another's, as a read-modify-write of the whole list could.
          const answer = await client.allowTerm(String(message.term || ''), message.language);
          return { ok: true, added: Boolean(answer && answer.added) };
        } catch (err) {
          return failure(err);
        }
      case KINDS.STATE: {
        const tabId = sender.tab && sender.tab.id;
        const categories = {};
        for (const [category, count] of Object.entries(message.categories || {})) {
          if (/^[a-z_]{1,40}$/.test(category) && Number.isInteger(count)) categories[category] = count;
        }
        if (tabId !== undefined) tabStates.set(tabId, { state: String(message.state), count: Number(message.count) || 0, categories });
        await showBadge(tabId, message.state, message.count || 0);
        return { ok: true };
      }
      case KINDS.RULE: {
        const rule = String(message.rule || '');
        if (!rule) return { ok: false, state: 'error', code: 'bad_rule', message: 'No rule named.' };
        const settings = await loadSettings();
        const rules = new Set(settings.disabledRules || []);
        if (message.disabled === false) rules.delete(rule); else rules.add(rule);
        await saveSettings({ disabledRules: Array.from(rules) });
        return { ok: true, disabledRules: Array.from(rules) };
      }
      case KINDS.TAB_STATUS: {
        const origin = await tabOrigin(message.tabId);
        return { ok: true, origin, site: origin ? await siteSettings(origin) : null, tab: tabStates.get(message.tabId) || null };
      }
      case KINDS.SET_SITE: {
        // The origin comes from the tab itself, never from the popup's message.
        const origin = await tabOrigin(message.tabId);
        if (!origin) return { ok: false, state: 'error', code: 'no_site', message: 'Klarsvar does not run on this page.' };
        await updateSite(origin, (site) => { site.enabled = message.enabled === true; });
        return { ok: true, origin, site: await siteSettings(origin) };
      }
      case KINDS.PAUSE: {
        const minutes = Math.max(0, Math.min(MAX_PAUSE_MINUTES, Number(message.minutes) || 0));
        await saveSettings({ pausedUntil: minutes ? Date.now() + minutes * 60000 : 0 });
        return { ok: true, pausedUntil: minutes ? (await loadSettings()).pausedUntil : 0 };
      }
      default:
        return { ok: false, state: 'error', code: 'unknown_message', message: 'Unknown message.' };
    }
  }

  ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
    handle(message, sender).then(sendResponse, (err) => sendResponse(failure(err)));
    return true; // answer asynchronously
  });

  ext.runtime.onInstalled.addListener((details) => {
    // First install: open the options page so the agent can pair the token.
    if (details.reason === 'install' && !root.KLARSVAR_NO_WELCOME) ext.runtime.openOptionsPage().catch(() => {});
  });

  if (ext.commands && ext.commands.onCommand) {
    ext.commands.onCommand.addListener((command, tab) => { runCommand(command, tab && tab.id); });
  }
  if (ext.tabs && ext.tabs.onRemoved) ext.tabs.onRemoved.addListener((tabId) => tabStates.delete(tabId));

  root.Klarsvar.worker = { handle, loadSettings, saveSettings, senderOrigin, cleanServerUrl, runCommand };
})(globalThis);

// Issue 9: the context-menu item "Use selected text as customer message" (background/contextMenu.js).
// Firefox lists that script in the manifest's background.scripts; Chromium's service worker loads it here.
if (typeof importScripts === 'function' && !(globalThis.Klarsvar && globalThis.Klarsvar.contextMenu)) {
  importScripts('contextMenu.js');
}
