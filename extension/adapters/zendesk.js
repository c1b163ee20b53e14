/**
 * Zendesk Agent Workspace (`*.zendesk.com/agent/tickets/<id>`): the reply composer and the ticket's
 * conversation log beside it.
 *
 * Agent Workspace renders several tickets at once (one tab each, only the active one visible), a
 * conversation log of `<article>`s whose message element carries `type="end-user"` or `type="agent"`,
 * and a rich-text composer (CKEditor 5) that may sit in a same-origin iframe. The adapter reads the
 * latest end-user message in the log that belongs to the composer's ticket, and the requester's name.
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;
  const T = K.siteTools;

  const SELECTORS = {
    /** The reply composer: Agent Workspace's rich-text (CKEditor 5) box or its plain-text variant. */
    composer: '[data-test-id="omnicomposer-rich-text-ckeditor"], [data-test-id="omnicomposer-plain-text-editor"]',
    /** The editing root inside the composer (CKEditor's editable, or a textarea). */
    editable: '.ck-editor__editable, [contenteditable="true"], textarea',
    /** One open ticket's workspace; several exist (ticket tabs), the visible one is the agent's. */
    ticket: '.conversation-polaris, [data-side-conversations-anchor-id]',
    /** The conversation log (a feed of articles) of a ticket. */
    log: 'section[role="feed"], [data-test-id="omni-log-container"]',
    /** One message in the log; `type` says who wrote it. */
    message: 'article [data-test-id="omni-log-item-message"]',
    /** A message written by the customer (end user). */
    inbound: '[data-test-id="omni-log-item-message"][type="end-user"]',
    /** The message's text (HTML comment body). */
    content: '[data-test-id="omni-log-message-content"], .zd-comment',
    /** The author's display name in a log item. */
    sender: '[data-test-id="omni-log-item-sender"]',
    /** The requester shown in the ticket's header/sidebar (fallback for the name). */
    requester: '[data-test-id="ticket-requester-name"], [data-test-id="tabs-nav-item-users"] [data-test-id="requester-name"]',
    /** Quoted history and signatures inside a comment: not the customer's latest words. */
    quoted: 'blockquote, .zd-signature, .signature, [data-test-id="omni-log-quoted-text"]',
    /** The channel the reply goes out on (e-mail, messaging…), when Agent Workspace shows it. */
    channel: '[data-test-id="omnichannel-channel-switcher-button"][data-channel], [data-test-id="omnicomposer-channel"][data-channel]',
  };

  /** The visible ticket workspace that holds (or, for an iframe composer, hosts) the editor. */
  function ticketOf(siteDoc, editorEl) {
    const frame = editorEl && editorEl.ownerDocument !== siteDoc ? frameElementIn(siteDoc, editorEl.ownerDocument) : null;
    const anchor = frame || editorEl;
    const own = anchor && anchor.ownerDocument === siteDoc && anchor.closest ? anchor.closest(SELECTORS.ticket) : null;
    if (own) return own;
    const tickets = Array.from(siteDoc.querySelectorAll(SELECTORS.ticket)).filter((t) => !t.hidden && t.getAttribute('aria-hidden') !== 'true');
    return tickets.length === 1 ? tickets[0] : siteDoc;
  }

  /** The <iframe> element in `siteDoc` (or a nested same-origin frame) whose document is `frameDoc`. */
  function frameElementIn(siteDoc, frameDoc) {
    let win = frameDoc.defaultView;
    try {
      while (win && win.frameElement) {
        if (win.frameElement.ownerDocument === siteDoc) return win.frameElement;
        win = win.parent;
      }
    } catch (err) {
      // Cross-origin: no frame element to follow.
    }
    return null;
  }

  const zendesk = {
    id: 'zendesk',
    selectors: SELECTORS,
    matches: T.siteMatcher('zendesk', ['*.zendesk.com']),
    /** The composer the focused element is in (the focused one wins when several tickets are open). */
    findReplyEditor(doc, focused) {
      return T.findComposerEditor(doc, SELECTORS.composer, SELECTORS.editable, focused);
    },
    /** The latest end-user message of the composer's ticket and the customer's display name. */
    readCustomerMessage(doc, editorEl) {
      const siteDoc = T.siteDocument(doc);
      const scope = ticketOf(siteDoc, editorEl);
      const log = scope.querySelector(SELECTORS.log) || scope;
      const inbound = T.last(log.querySelectorAll(SELECTORS.inbound));
      if (!inbound) return null;
      const item = inbound.closest('article') || inbound;
      const content = item.querySelector(SELECTORS.content) || inbound;
      const sender = item.querySelector(SELECTORS.sender) || scope.querySelector(SELECTORS.requester);
      return T.context(T.textOf(content, SELECTORS.quoted), sender && sender.textContent);
    },
    /** E-mail tickets get e-mail checks; messaging/chat conversations the shorter chat ones. */
    channel(location, doc) {
      const marker = T.siteDocument(doc).querySelector(SELECTORS.channel);
      const value = marker ? marker.getAttribute('data-channel').toLowerCase() : '';
      if (!value) return 'email';
      return /chat|messag|whatsapp|sms|instagram|facebook|line|telegram/.test(value) ? 'chat' : 'email';
    },
  };

  if (K.adapters) K.adapters.register(zendesk);
  if (typeof module !== 'undefined' && module.exports) module.exports = zendesk;
})(globalThis);

/*
 * Test pages: tests/e2e/sites/zendesk.html (composer in a same-origin iframe beside the log; several
 * ticket tabs) and tests/e2e/sites/zendesk-composer.html (the iframe: CKEditor 5).
 * Real URL to check by hand: https://<subdomain>.zendesk.com/agent/tickets/<id>
 */
