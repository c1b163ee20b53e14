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
    IGNORE: 'ignore',          // {id, ignored?}: remember (or with ignored:false forget) an ignored finding for the sender's site
    ALLOW_TERM: 'allow-term',  // {term, language}: POST /v1/terms adds one `allowed` term
    STATE: 'state',            // {state, count, categories}: the content script's state (toolbar badge, popup counts)
    RULE: 'rule',              // {rule, disabled}: turn one rule off (or on again) for this agent, everywhere
    TAB_STATUS: 'tab-status',  // popup {tabId} → {origin, site, tab: {state, count, categories} | null}
    SET_SITE: 'set-site',      // popup {tabId, enabled}: checking on/off for the tab's site
    PAUSE: 'pause',            // popup {minutes}: pause checking everywhere (0 resumes)
    PAIR: 'pair',              // options {code} → {ok, settings} | {ok:false, state, code, message}: POST /v1/pair
  });

  /** Finding categories in the order the panel lists them (and the options page offers them). */
  const CATEGORIES = Object.freeze(['internal_language', 'plain_language', 'nominal_style', 'passive', 'negative_phrasing',
    'sympathy', 'apologies', 'missing_acknowledgement', 'standard_answer', 'personal_touch', 'long_sentence',
    'readability', 'grammar', 'spelling']);

  /** Severities from least to most serious (the agent's minimum severity setting). */
  const SEVERITIES = Object.freeze(['suggestion', 'warning', 'error']);

  /** Keyboard commands declared in the manifest (`commands`), remappable in the browser's shortcut settings. */
  const COMMANDS = Object.freeze(['open-panel', 'next-finding', 'previous-finding', 'apply-first', 'insert-rewrite']);

  /** Settings kept in `storage.local`; `sites` is keyed by origin. */
  const DEFAULT_SETTINGS = Object.freeze({
    serverUrl: 'http://127.0.0.1:8765',
    token: '',
    language: 'auto',
    defaultChannel: 'email',
    sites: {},
    disabledRules: [],         // rule ids this agent turned off (card or options page)
    disabledCategories: [],    // whole categories this agent turned off (options page)
    minSeverity: 'suggestion', // findings below it are not shown
    pausedUntil: 0,            // epoch ms; checking is paused everywhere until then
    allowList: false,          // true: off everywhere except sites switched on explicitly
  });

  /** Milliseconds of typing pause before a check. */
  const DEBOUNCE_MS = 400;

  const api = { STATES, KINDS, CATEGORIES, SEVERITIES, COMMANDS, DEFAULT_SETTINGS, DEBOUNCE_MS };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.protocol = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
