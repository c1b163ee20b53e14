/**
 * Freshdesk (`*.freshdesk.com/a/tickets/<id>`): the reply editor of a ticket and its conversation.
 *
 * The ticket view lists the ticket's description and then its conversations; Freshdesk's own data
 * model marks each conversation `incoming` (from the requester) or not (agent replies, notes), and the
 * view carries it as `data-incoming`. Reply and note editors are Froala boxes (`.fr-element`
 * contenteditable); both can be open at once, and the focused one is the one being written.
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;
  const T = K.siteTools;

  const SELECTORS = {
    /** A reply/forward/note editor container. */
    composer: '[data-test-id="reply-editor"], [data-test-id="note-editor"], [data-test-id="forward-editor"], .reply-editor',
    /** The editing root inside it: Froala's editable (or a textarea in the plain-text mode). */
    editable: '.fr-element[contenteditable="true"], [contenteditable="true"], textarea',
    /** A note editor: private notes go to colleagues, not the customer, but are still checked. */
    note: '[data-test-id="note-editor"]',
    /** The ticket's first message (the description the requester wrote). */
    description: '[data-test-id="ticket-description"]',
    /** One conversation (reply, note, incoming e-mail) below the description. */
    conversation: '[data-test-id="conversation"]',
    /** A conversation from the requester. */
    inbound: '[data-test-id="conversation"][data-incoming="true"]',
    /** The text of a description or conversation. */
    body: '[data-test-id="conversation-body"], .conversation-body, .ticket-description-body',
    /** The requester's name in the ticket's contact pane. */
    requester: '[data-test-id="requester-name"], .requester-name',
    /** Quoted history inside an e-mail. */
    quoted: 'blockquote, .freshdesk_quote, .gmail_quote',
    /** The ticket's source (e-mail, portal, chat, WhatsApp…), when shown. */
    source: '[data-test-id="ticket-source"][data-source]',
  };

  const freshdesk = {
    id: 'freshdesk',
    selectors: SELECTORS,
    matches: T.siteMatcher('freshdesk', ['*.freshdesk.com']),
    /** The editable of the focused reply or note editor. */
    findReplyEditor(doc, focused) {
      return T.findComposerEditor(doc, SELECTORS.composer, SELECTORS.editable, focused);
    },
    /** The latest incoming conversation, else the description, and the requester's name. */
    readCustomerMessage(doc) {
      const site = T.siteDocument(doc);
      const latest = T.last(site.querySelectorAll(SELECTORS.inbound)) || site.querySelector(SELECTORS.description);
      if (!latest) return null;
      const body = latest.querySelector(SELECTORS.body) || latest;
      const requester = site.querySelector(SELECTORS.requester);
      return T.context(T.textOf(body, SELECTORS.quoted), requester && requester.textContent);
    },
    /** E-mail, unless the ticket came in over chat or messaging. */
    channel(location, doc) {
      const marker = T.siteDocument(doc).querySelector(SELECTORS.source);
      const value = marker ? marker.getAttribute('data-source').toLowerCase() : '';
      return /chat|messag|whatsapp|sms|facebook|instagram/.test(value) ? 'chat' : 'email';
    },
  };

  if (K.adapters) K.adapters.register(freshdesk);
  if (typeof module !== 'undefined' && module.exports) module.exports = freshdesk;
})(globalThis);

/*
 * Test pages: tests/e2e/sites/freshdesk.html (description, incoming and outgoing conversations, a
 * Froala-style reply editor and a note editor open at the same time).
 * Real URL to check by hand: https://<subdomain>.freshdesk.com/a/tickets/<id> → Reply.
 */
