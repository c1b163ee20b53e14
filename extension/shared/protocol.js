/**
 * Message kinds, overlay states and default settings shared by the worker, content scripts and options.
 */
(function (root) {
  'use strict';

  /** Overlay / badge states, as exposed on `<klarsvar-overlay data-state>`. */
  const STATES = Object.freeze(['idle', 'checking', 'ready', 'offline', 'unauthorized', 'error']);

  /** Messages the content scripts and the options page send to the worker (`{kind, ...}`). */
  const KINDS = Object.freeze({
    CHECK: 'check',            // {payload, slot} → {ok, result} | {ok:false, state, message}
    CANCEL: 'cancel',          // {slot}: abort this frame's in-flight check
    HEALTH: 'health',          // → {ok, health} | {ok:false, state, message}
    GET_SETTINGS: 'get-settings',
    SAVE_SETTINGS: 'save-settings', // {settings}: partial update
    SITE: 'site',              // {origin} → {enabled, channel, ignored: [ids]}
    IGNORE: 'ignore',          // {origin, id}
    ALLOW_TERM: 'allow-term',  // {term, language}: POST /v1/terms adds one `allowed` term
    STATE: 'state',            // {state}: the content script's state, shown as the toolbar badge
  });

  /** Settings kept in `storage.local`; `sites` is keyed by origin. */
  const DEFAULT_SETTINGS = Object.freeze({
    serverUrl: 'http://127.0.0.1:8765',
    token: '',
    language: 'auto',
    defaultChannel: 'email',
    sites: {},
  });

  /** Milliseconds of typing pause before a check. */
  const DEBOUNCE_MS = 400;

  const api = { STATES, KINDS, DEFAULT_SETTINGS, DEBOUNCE_MS };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.protocol = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
