/**
 * The context-menu item "Use selected text as customer message" (issue 9): on any site, the agent can
 * select what the customer wrote and make it the context of the check (`customer` in `/v1/check`).
 *
 * The worker asks the frame where the agent right-clicked for its selection (that keeps line breaks,
 * which the menu's `selectionText` collapses), then gives it back to that frame only: what the customer
 * wrote must never reach another frame of the tab, which may belong to a third party (ads, widgets).
 */
(function (root) {
  'use strict';
  const ext = root.browser || root.chrome;
  const menus = ext && (ext.contextMenus || ext.menus);
  const MENU_ID = 'klarsvar-use-customer-message';
  // Content-script message kinds (content/customerContext.js).
  const READ_SELECTION = 'read-selection';
  const SELECTION_MESSAGE = 'customer-selection';
  const TITLES = {
    da: 'Brug markeret tekst som kundens besked',
    en: 'Use selected text as customer message',
  };

  /** The menu title in the browser's language. */
  function title() {
    let lang = 'en';
    try {
      lang = (ext.i18n.getUILanguage() || 'en').toLowerCase().startsWith('da') ? 'da' : 'en';
    } catch (err) {
      // No i18n (tests): English.
    }
    return TITLES[lang];
  }

  /** (Re)create the menu item; removing first keeps a restart from failing on a duplicate id. */
  async function createMenu() {
    if (!menus) return false;
    try {
      await menus.removeAll();
    } catch (err) {
      // Nothing to remove.
    }
    menus.create({ id: MENU_ID, title: title(), contexts: ['selection'] }, () => {
      void (ext.runtime.lastError); // reading it keeps Chromium from logging an "unchecked" error
    });
    return true;
  }

  /** Send `message` to one frame (or all frames) of a tab; resolves to the answer or null. */
  async function sendToTab(tabId, message, frameId) {
    try {
      return await (frameId === undefined
        ? ext.tabs.sendMessage(tabId, message)
        : ext.tabs.sendMessage(tabId, message, { frameId }));
    } catch (err) {
      return null; // no content script in that frame (e.g. a chrome:// page)
    }
  }

  /** The item was clicked: read the selection in its frame, then give it to that same frame only. */
  async function onClicked(info, tab) {
    if (!info || info.menuItemId !== MENU_ID || !tab || tab.id === undefined) return false;
    const frameId = info.frameId || 0;
    const answer = await sendToTab(tab.id, { kind: READ_SELECTION }, frameId);
    const text = (answer && answer.ok && answer.text && answer.text.trim()) ? answer.text : (info.selectionText || '');
    if (!text.trim()) return false;
    await sendToTab(tab.id, { kind: SELECTION_MESSAGE, text }, frameId);
    return true;
  }

  if (menus) {
    ext.runtime.onInstalled.addListener(() => { createMenu(); });
    if (ext.runtime.onStartup) ext.runtime.onStartup.addListener(() => { createMenu(); });
    menus.onClicked.addListener((info, tab) => { onClicked(info, tab); });
  }

  const api = { MENU_ID, createMenu, onClicked, title };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.contextMenu = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
