/**
 * LiveAgent (`*.ladesk.com/agent/`): the reply box of a ticket or a live chat in the agent panel.
 *
 * A ticket and a chat share one view: a message list where each message group says whether the
 * customer or an agent wrote it, and a reply box under it: a rich editor for e-mail tickets and a
 * plain textarea for chats. The adapter reads the latest customer message group of the open
 * conversation and the customer's name on it.
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;
  const T = K.siteTools;

  const SELECTORS = {
    /** The reply box under the open conversation (ticket answer or chat message). */
    composer: '.ReplyBox, [data-la-role="reply-box"]',
    /** The editing root in the reply box: a contenteditable (ticket) or a textarea (chat). */
    editable: '[contenteditable="true"], textarea',
    /** The open conversation: a ticket or chat; `data-la-type` says which. */
    conversation: '.ConversationView, [data-la-role="conversation"]',
    /** One group of messages by one author. */
    group: '.MessageGroup, [data-la-role="message-group"]',
    /** A group written by the customer (not an agent, system or note). */
    inbound: '.MessageGroup.customer, [data-la-role="message-group"][data-la-author="customer"]',
    /** The text of one message in a group. */
    body: '.MessageText, [data-la-role="message-text"]',
    /** The author's display name on a group. */
    author: '.MessageAuthor, [data-la-role="message-author"]',
    /** Quoted e-mail history inside a ticket message. */
    quoted: 'blockquote, .gmail_quote, .la-quoted',
  };

  const liveagent = {
    id: 'liveagent',
    selectors: SELECTORS,
    matches: T.siteMatcher('liveagent', ['*.ladesk.com']),
    /** The editable of the reply box the agent focused. */
    findReplyEditor(doc, focused) {
      return T.findComposerEditor(doc, SELECTORS.composer, SELECTORS.editable, focused);
    },
    /** All messages of the latest customer group (a chat customer often writes several lines), and the name. */
    readCustomerMessage(doc, editorEl) {
      const site = T.siteDocument(doc);
      const scope = (editorEl && editorEl.ownerDocument === site && editorEl.closest(SELECTORS.conversation))
        || site.querySelector(SELECTORS.conversation) || site;
      const group = T.last(scope.querySelectorAll(SELECTORS.inbound));
      if (!group) return null;
      const bodies = Array.from(group.querySelectorAll(SELECTORS.body));
      const text = (bodies.length ? bodies : [group]).map((b) => T.textOf(b, SELECTORS.quoted)).filter(Boolean).join('\n');
      const author = group.querySelector(SELECTORS.author);
      return T.context(text, author && author.textContent);
    },
    /** Chat conversations are chat; tickets (e-mail, forms, calls' notes) are e-mail. */
    channel(location, doc) {
      const site = T.siteDocument(doc);
      const conversation = site.querySelector(SELECTORS.conversation);
      const type = conversation ? (conversation.getAttribute('data-la-type') || '').toLowerCase() : '';
      return type === 'chat' ? 'chat' : 'email';
    },
  };

  if (K.adapters) K.adapters.register(liveagent);
  if (typeof module !== 'undefined' && module.exports) module.exports = liveagent;
})(globalThis);

/*
 * Test pages: tests/e2e/sites/liveagent.html (a live chat: customer and agent message groups, the
 * chat reply textarea).
 * Real URL to check by hand: https://<account>.ladesk.com/agent/ → a chat or ticket → reply box.
 */
