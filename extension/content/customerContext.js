/**
 * The customer's message as context for a check (issue 9): which message and name go to `/v1/check`
 * as `customer`, the panel section that shows them, and the agent's ways to change that.
 *
 * Sources, strongest first:
 *  1. text the agent selected and sent with the context-menu item "Use selected text as customer
 *     message" (any site, any frame of the tab; background/contextMenu.js);
 *  2. what the site adapter reads (latest inbound message + display name).
 * "Clear" drops the context for this conversation: the adapter's message is not used again until it
 * changes (a new message arrives or the agent opens another conversation).
 *
 * Nothing is stored: the selection lives in this page's memory only and is forgotten on navigation.
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;
  const ext = root.browser || root.chrome;

  /** The message the worker sends to every frame of a tab when the context-menu item is used. */
  const SELECTION_MESSAGE = 'customer-selection';
  /** The message the worker sends to the frame where the agent right-clicked, to read its selection. */
  const READ_SELECTION = 'read-selection';
  const PREVIEW_CHARS = 160;
  const MAX_MESSAGE = 20000;

  // This feature's strings live in _locales like the rest of the UI (customer_* keys).
  const STRING_KEYS = {
    title: 'customer_title', fromSelection: 'customer_from_selection', fromSite: 'customer_from_site',
    clear: 'customer_clear', clearLabel: 'customer_clear_label', none: 'customer_none', cleared: 'customer_cleared',
  };

  /** This feature's UI string in the browser's language (Danish or English). */
  function uiString(key) {
    try {
      return ext.i18n.getMessage(STRING_KEYS[key]) || '';
    } catch (err) {
      return ''; // extension reloaded underneath the page
    }
  }

  /** A short fingerprint of a context, to recognise "the same message" after a clear. */
  function fingerprint(customer) {
    return customer ? `${customer.name || ''}\u0000${customer.message || ''}` : '';
  }

  const state = {
    selection: null,     // {message} chosen through the context menu, or null
    cleared: '',         // fingerprint of the adapter context the agent cleared ('' = none)
    clearedShown: false, // the agent cleared the context and nothing replaced it yet (panel hint)
    lastAdapter: null,   // what the adapter read at the latest check
    used: null,          // {customer, source: 'selection'|'adapter'|null, cleared} of the latest check
    recheck: () => {},
  };

  /**
   * The `customer` for a check of `editor`: the agent's selection, else the adapter's reading, unless
   * the agent cleared it. Records what was used so the panel can show it.
   */
  function forCheck(editor, doc) {
    let customer = null;
    let source = null;
    const fromAdapter = K.adapters.customerContext(editor.adapter, doc, editor.root);
    state.lastAdapter = fromAdapter;
    if (state.selection) {
      customer = { message: state.selection.message, name: fromAdapter ? fromAdapter.name : null };
      source = 'selection';
    } else if (fromAdapter && fingerprint(fromAdapter) !== state.cleared) {
      customer = fromAdapter;
      source = 'adapter';
      state.cleared = ''; // a different message arrived: the old clear no longer applies
    }
    if (customer) state.clearedShown = false;
    state.used = { customer, source, cleared: state.clearedShown };
    return customer;
  }

  /** Use `text` (the agent's selection) as the customer's message from now on. */
  function useSelection(text) {
    const message = String(text || '').replace(/\r\n?/g, '\n').trim().slice(0, MAX_MESSAGE);
    if (!message) return false;
    state.selection = { message };
    state.recheck();
    return true;
  }

  /** Stop using the current customer message (the selection and the adapter's reading) for this conversation. */
  function clear() {
    state.selection = null;
    state.cleared = fingerprint(state.lastAdapter);
    state.clearedShown = true;
    state.recheck();
  }

  /** Another conversation opened (SPA navigation): forget the selection and the clear. */
  function conversationChanged() {
    state.selection = null;
    state.cleared = '';
    state.clearedShown = false;
  }

  /** Show which customer message the latest check used (with a Clear button) in the overlay's panel. */
  function render(overlay) {
    const used = state.used || { customer: null, source: null, cleared: false };
    const customer = used.customer;
    const view = { title: uiString('title'), source: used.source || 'none' };
    if (!customer) {
      view.hint = uiString(used.cleared ? 'cleared' : 'none');
    } else {
      view.sourceLabel = uiString(used.source === 'selection' ? 'fromSelection' : 'fromSite');
      view.name = customer.name || null;
      if (customer.message) {
        view.message = customer.message.slice(0, 1000);
        view.preview = customer.message.length > PREVIEW_CHARS
          ? `${customer.message.slice(0, PREVIEW_CHARS).trimEnd()}…` : customer.message;
      }
      view.clearText = uiString('clear');
      view.clearLabel = uiString('clearLabel');
    }
    overlay.renderCustomer(view);
  }

  /** Worker messages: read this frame's selection (keeps line breaks), or use a chosen selection. */
  function onMessage(message, sender, sendResponse) {
    if (!message || !sender || sender.id !== ext.runtime.id) return false;
    if (message.kind === READ_SELECTION) {
      const selection = typeof document !== 'undefined' && document.getSelection ? String(document.getSelection() || '') : '';
      sendResponse({ ok: true, text: selection });
    } else if (message.kind === SELECTION_MESSAGE) {
      sendResponse({ ok: useSelection(message.text) });
    }
    return false;
  }

  /** Wire the feature to the content script: `recheck()` runs a new check of the followed editor. */
  function init({ recheck }) {
    state.recheck = recheck || (() => {});
    try {
      ext.runtime.onMessage.addListener(onMessage);
    } catch (err) {
      // No messaging (extension reloaded): the context menu simply does nothing in this page.
    }
  }

  const api = { init, forCheck, useSelection, clear, conversationChanged, render, uiString, state,
    SELECTION_MESSAGE, READ_SELECTION, onMessage };
  K.customerContext = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
