/**
 * Intercom Inbox (`app.intercom.com/a/inbox/…/conversation/<id>`): the reply composer under the
 * conversation stream, and the compact chat composer of the conversation side panel.
 *
 * The Inbox is a single-page app: opening another conversation swaps the stream and re-creates the
 * composer without a page load. The composer's editable is ProseMirror (a textarea in the compact chat
 * composer). Each part of the stream says who wrote it (user, lead, admin, bot) in
 * `data-part-author-type`; the latest user/lead part is the customer's message.
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;
  const T = K.siteTools;

  const SELECTORS = {
    /** The reply composer container (main composer or the compact chat composer). */
    composer: '[data-intercom-target="conversation-composer"], .inbox__conversation-composer, [data-intercom-target="chat-composer"]',
    /** The editing root inside a composer: ProseMirror, or the chat composer's textarea. */
    editable: '.ProseMirror, [contenteditable="true"], textarea',
    /** The open conversation (stream + header); one at a time. */
    conversation: '[data-intercom-target="conversation"], .inbox__conversation',
    /** One part (message) of the conversation stream. */
    part: '[data-part-author-type]',
    /** A part written by the customer: a user or a lead (not an admin, bot or note). */
    inbound: '[data-part-author-type="user"], [data-part-author-type="lead"], [data-part-author-type="contact"]',
    /** The text of a part. */
    body: '[data-intercom-target="conversation-part-body"], .conversation__part-body',
    /** The customer's name in the conversation header. */
    name: '[data-intercom-target="conversation-header-user-name"], .inbox__conversation-header__user-name',
    /** Quoted e-mail history inside a part. */
    quoted: 'blockquote, .gmail_quote, .intercom-quoted-reply',
    /** The conversation's channel, when shown (`data-channel="email"` on e-mail conversations). */
    channel: '[data-intercom-target="conversation"][data-channel], .inbox__conversation[data-channel]',
  };

  const intercom = {
    id: 'intercom',
    selectors: SELECTORS,
    matches: T.siteMatcher('intercom', ['app.intercom.com', 'app.eu.intercom.com', 'app.au.intercom.com']),
    /** The editable of the composer the agent focused (main composer or chat composer). */
    findReplyEditor(doc, focused) {
      return T.findComposerEditor(doc, SELECTORS.composer, SELECTORS.editable, focused);
    },
    /** The latest user/lead part of the open conversation, and the name in its header. */
    readCustomerMessage(doc, editorEl) {
      const site = T.siteDocument(doc);
      const scope = (editorEl && editorEl.ownerDocument === site && editorEl.closest(SELECTORS.conversation))
        || site.querySelector(SELECTORS.conversation) || site;
      const part = T.last(scope.querySelectorAll(SELECTORS.inbound));
      if (!part) return null;
      const body = part.querySelector(SELECTORS.body) || part;
      const name = scope.querySelector(SELECTORS.name) || part.querySelector('[data-intercom-target="part-author-name"]');
      return T.context(T.textOf(body, SELECTORS.quoted), name && name.textContent);
    },
    /** Intercom conversations are chat unless the conversation says it is e-mail. */
    channel(location, doc) {
      const marker = T.siteDocument(doc).querySelector(SELECTORS.channel);
      return marker && marker.getAttribute('data-channel').toLowerCase() === 'email' ? 'email' : 'chat';
    },
  };

  if (K.adapters) K.adapters.register(intercom);
  if (typeof module !== 'undefined' && module.exports) module.exports = intercom;
})(globalThis);

/*
 * Test pages: tests/e2e/sites/intercom.html (ProseMirror composer; "open another conversation"
 * navigates with history.pushState and swaps the stream under the composer) and
 * tests/e2e/sites/intercom-chat.html (the compact chat composer, a textarea in an about:srcdoc iframe).
 * Real URL to check by hand: https://app.intercom.com/a/inbox/<workspace>/inbox/conversation/<id>
 */
