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

  // UI strings of this feature (Danish and English, like the rest of the UI).
  const STRINGS = {
    da: {
      title: 'Kundens besked',
      fromSelection: 'markeret tekst',
      fromSite: 'læst fra siden',
      clear: 'Ryd',
      clearLabel: 'Brug ikke kundens besked i dette svar',
      none: 'Ingen kundebesked. Markér kundens tekst, højreklik og vælg “Brug markeret tekst som kundens besked”.',
      cleared: 'Kundens besked bruges ikke. Markér tekst og brug højrekliksmenuen for at vælge en.',
    },
    en: {
      title: 'Customer message',
      fromSelection: 'selected text',
      fromSite: 'read from the page',
      clear: 'Clear',
      clearLabel: 'Do not use the customer message for this reply',
      none: 'No customer message. Select the customer’s text, right-click and choose “Use selected text as customer message”.',
      cleared: 'The customer message is not used. Select text and use the context menu to pick one.',
    },
  };

  /** This feature's UI string in the browser's language (Danish or English). */
  function uiString(key) {
    let lang = 'en';
    try {
      lang = (ext.i18n.getUILanguage() || 'en').toLowerCase().startsWith('da') ? 'da' : 'en';
    } catch (err) {
      // Extension reloaded underneath the page: English.
    }
    return STRINGS[lang][key];
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

  /** Element helper without innerHTML. */
  function el(doc, tag, attrs, children) {
    const node = doc.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    for (const child of children || []) node.append(child);
    return node;
  }

  const STYLE = `
.customer { padding: 8px 12px; border-bottom: 1px solid #e2e8f0; background: #f8fafc; }
.customer h3 { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #64748b; margin: 0 0 4px; }
.customer h3 small { text-transform: none; letter-spacing: 0; font-weight: normal; margin-left: 4px; }
.customer .who { font-weight: 600; margin: 0 0 2px; }
.customer blockquote { margin: 0 0 6px; padding-left: 8px; border-left: 3px solid #cbd5e1; color: #334155;
  white-space: pre-wrap; max-height: 5.6em; overflow: hidden; }
.customer p.hint { margin: 0; color: #475569; }
`;

  /** Show which customer message the latest check used (with a Clear button) in the overlay's panel. */
  function render(overlay) {
    const doc = overlay.doc;
    let part = overlay.shadow.querySelector('[data-part="customer"]');
    if (!part) {
      const style = doc.createElement('style');
      style.textContent = STYLE;
      overlay.shadow.append(style);
      part = el(doc, 'section', { class: 'customer', 'data-part': 'customer', 'aria-label': uiString('title') });
      part.addEventListener('click', (event) => {
        // A page script's synthetic click must not clear what the agent sees of the customer.
        if (!overlay.trusted(event)) return;
        if (event.target.closest && event.target.closest('[data-action="clear-customer"]')) clear();
      });
      const header = overlay.panel.querySelector('header');
      if (header) header.after(part); else overlay.panel.prepend(part);
    }
    const used = state.used || { customer: null, source: null, cleared: false };
    const customer = used.customer;
    part.setAttribute('data-source', used.source || 'none');
    const heading = el(doc, 'h3', {}, [uiString('title')]);
    if (!customer) {
      part.replaceChildren(heading, el(doc, 'p', { class: 'hint' }, [uiString(used.cleared ? 'cleared' : 'none')]));
      return;
    }
    heading.append(el(doc, 'small', {}, [`(${uiString(used.source === 'selection' ? 'fromSelection' : 'fromSite')})`]));
    const children = [heading];
    if (customer.name) children.push(el(doc, 'p', { class: 'who', 'data-customer-name': '' }, [customer.name]));
    if (customer.message) {
      const preview = customer.message.length > PREVIEW_CHARS
        ? `${customer.message.slice(0, PREVIEW_CHARS).trimEnd()}…` : customer.message;
      children.push(el(doc, 'blockquote', { 'data-customer-message': '', title: customer.message.slice(0, 1000) }, [preview]));
    }
    children.push(el(doc, 'button', { type: 'button', class: 'link', 'data-action': 'clear-customer',
      'aria-label': uiString('clearLabel') }, [uiString('clear')]));
    part.replaceChildren(...children);
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
