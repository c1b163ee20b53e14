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
  const { KINDS, DEFAULT_SETTINGS } = root.Klarsvar.protocol;
  const { createServerClient, ServerError, withAllowedTerm } = root.Klarsvar.client;

  /** Read the settings, filled in with defaults. */
  async function loadSettings() {
    const stored = await ext.storage.local.get(Object.keys(DEFAULT_SETTINGS));
    return { ...DEFAULT_SETTINGS, ...stored, sites: { ...(stored.sites || {}) } };
  }

  /** Merge a partial settings object into storage (only known keys). */
  async function saveSettings(partial) {
    const clean = {};
    for (const key of Object.keys(DEFAULT_SETTINGS)) {
      if (partial && Object.prototype.hasOwnProperty.call(partial, key)) clean[key] = partial[key];
    }
    if (typeof clean.serverUrl === 'string') clean.serverUrl = clean.serverUrl.trim().replace(/\/+$/, '');
    if (typeof clean.token === 'string') clean.token = clean.token.trim();
    await ext.storage.local.set(clean);
    return loadSettings();
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

  /** Per-site settings for `origin`: enabled, channel, ignored finding ids. */
  async function siteSettings(origin) {
    const settings = await loadSettings();
    const site = settings.sites[origin] || {};
    return {
      enabled: site.enabled !== false,
      channel: site.channel || settings.defaultChannel || 'email',
      language: settings.language || 'auto',
      ignored: Array.isArray(site.ignored) ? site.ignored : [],
      paired: Boolean(settings.token),
    };
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
    switch (message && message.kind) {
      case KINDS.CHECK: {
        const key = slotKey(sender, message.slot);
        const previous = inFlight.get(key);
        if (previous) previous.abort();
        const controller = new AbortController();
        inFlight.set(key, controller);
        try {
          const timeoutMs = message.payload && message.payload.grammar === false ? 5000 : 8000;
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
        return { ok: true, settings: await loadSettings() };
      case KINDS.SAVE_SETTINGS:
        return { ok: true, settings: await saveSettings(message.settings) };
      case KINDS.SITE:
        return { ok: true, site: await siteSettings(message.origin) };
      case KINDS.IGNORE:
        await updateSite(message.origin, (site) => {
          const ignored = new Set(site.ignored || []);
          ignored.add(String(message.id));
          // Bounded so a long-lived profile never grows without limit; oldest ids go first.
          site.ignored = Array.from(ignored).slice(-500);
        });
        return { ok: true };
      case KINDS.ALLOW_TERM:
        try {
          const current = await client.getTerms();
          const updated = withAllowedTerm(current, String(message.term || ''), message.language);
          if (updated) await client.putTerms(updated);
          return { ok: true, added: Boolean(updated) };
        } catch (err) {
          return failure(err);
        }
      case KINDS.STATE:
        await showBadge(sender.tab && sender.tab.id, message.state, message.count || 0);
        return { ok: true };
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

  root.Klarsvar.worker = { handle, loadSettings, saveSettings };
})(globalThis);

// Issue 9: the context-menu item "Use selected text as customer message" (background/contextMenu.js).
// Firefox lists that script in the manifest's background.scripts; Chromium's service worker loads it here.
if (typeof importScripts === 'function' && !(globalThis.Klarsvar && globalThis.Klarsvar.contextMenu)) {
  importScripts('contextMenu.js');
}
