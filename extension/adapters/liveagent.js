/**
 * LiveAgent agent panel (`*.ladesk.com/agent/`, or a company's own domain such as
 * `support.<company>.com/agent/`): the reply box of a ticket or a live chat.
 *
 * A ticket and a chat share one view: a message list where each message group says whether the
 * customer or an agent wrote it, and a reply box under it (a rich editor for tickets, a textarea for
 * chats). The panel navigates with the URL hash (`#Conversation;id=…`), which the site watch notices as
 * a URL change. On a custom domain the hostname says nothing, so the panel is recognised by its path
 * (`/agent`) together with its own markup (a conversation view holding a reply box).
 *
 * Evidence: none. Issue #21 found no public code that names LiveAgent's agent-panel markup (0 of 8
 * selectors confirmed); every selector below is our model of the panel and is marked unconfirmed.
 * LiveAgent's panel is a GWT app whose class names may be generated; check on a real account.
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;
  const T = K.siteTools;

  const SELECTORS = {
    /** The reply box under the open conversation (ticket answer or chat message). Evidence: none found; modelled. Status: unconfirmed. */
    composer: '.ReplyBox, [data-la-role="reply-box"]',
    /** The editing root in the reply box: a contenteditable (ticket) or a textarea (chat). Evidence: generic editable markup. Status: unconfirmed. */
    editable: '[contenteditable="true"], textarea',
    /** The open conversation: a ticket or chat; `data-la-type` says which. Evidence: none found; modelled. Status: unconfirmed. */
    conversation: '.ConversationView, [data-la-role="conversation"]',
    /** A group written by the customer (not an agent, system or note). Evidence: none found; modelled. Status: unconfirmed. */
    inbound: '.MessageGroup.customer, [data-la-role="message-group"][data-la-author="customer"]',
    /** The text of one message in a group. Evidence: none found; modelled. Status: unconfirmed. */
    body: '.MessageText, [data-la-role="message-text"]',
    /** The author's display name on a group. Evidence: none found; modelled. Status: unconfirmed. */
    author: '.MessageAuthor, [data-la-role="message-author"]',
    /** Quoted e-mail history inside a ticket message. Evidence: generic mail-client markup only. Status: unconfirmed. */
    quoted: 'blockquote, .gmail_quote, .la-quoted',
  };

  /** How each selector is backed by public evidence (kept equal to the `Status:` in its comment; tested). */
  const STATUS = {
    composer: 'unconfirmed', editable: 'unconfirmed', conversation: 'unconfirmed', inbound: 'unconfirmed',
    body: 'unconfirmed', author: 'unconfirmed', quoted: 'unconfirmed',
  };

  const byHost = T.siteMatcher('liveagent', ['*.ladesk.com']);

  /** Whether `doc` shows LiveAgent's agent panel on any host: an `/agent` path and the panel's own markup. */
  function looksLikeAgentPanel(location, doc) {
    if (!doc || !location || !/^https?:$/.test(location.protocol) || !/^\/agent(\/|$)/.test(location.pathname)) return false;
    const site = T.siteDocument(doc);
    const conversation = site.querySelector(SELECTORS.conversation);
    return Boolean(conversation && conversation.querySelector(SELECTORS.composer));
  }

  const liveagent = {
    id: 'liveagent',
    selectors: SELECTORS,
    selectorStatus: STATUS,
    /** `*.ladesk.com`, or an agent panel on the company's own domain recognised by path and markup. */
    matches(location, doc) {
      if (byHost(location, doc)) return true;
      if (T.testSiteOverride(doc)) return false; // a local test page picked another adapter
      const site = doc ? T.siteDocument(doc) : null;
      return looksLikeAgentPanel(site && site.location ? site.location : location, doc);
    },
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
 * Test pages: tests/e2e/sites/liveagent.html (a live chat on an `/agent/` path with hash navigation to a
 * second conversation: customer and agent message groups, the chat reply textarea).
 * Real URL to check by hand: https://<account>.ladesk.com/agent/ (or your own support domain) → a chat.
 */
