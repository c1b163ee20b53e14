/**
 * UI strings for the extension's own pages (popup, options): the browser's i18n, and the extension's own
 * catalogue for the UI language when the browser answers nothing (seen in Chromium: an extension page
 * opened right after a second profile started in the same run had every getMessage() return '').
 */
(function (root) {
  'use strict';

  /** A translator for `ext` (browser or chrome): `await ready()` once, then `t(key, subs)`. */
  function createTranslator(ext) {
    let fallback = null;

    /** Load the catalogue only if the browser has no strings for this page. */
    async function ready() {
      if (ext.i18n.getMessage('ext_name')) return;
      const lang = String(ext.i18n.getUILanguage() || 'en').toLowerCase().startsWith('da') ? 'da' : 'en';
      try {
        fallback = await (await fetch(ext.runtime.getURL(`_locales/${lang}/messages.json`))).json();
      } catch (err) {
        fallback = null; // the keys are shown; the page still works
      }
    }

    /** The string for `key` with `$1`, `$2` … filled from `subs`; the key itself when there is none. */
    function t(key, subs) {
      const message = ext.i18n.getMessage(key, subs);
      if (message || !fallback || !fallback[key]) return message || key;
      const values = [].concat(subs === undefined ? [] : subs);
      return fallback[key].message.replace(/\$(\d)/g, (all, n) => (values[n - 1] === undefined ? all : String(values[n - 1])));
    }

    return { ready, t };
  }

  const api = { createTranslator };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.i18n = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
