/**
 * Freshdesk (`*.freshdesk.com/a/tickets/<id>`): the reply editor of a ticket and its conversation.
 *
 * The reply editor is Froala (`.fr-element.fr-view`), created only after the agent clicks "Reply" (or
 * "Forward", "Add note"); older accounts use Redactor. Message text is rendered in `.text__content`,
 * the ticket's first message under `.ticket-description`. Which conversation came from the requester
 * (`incoming`), the ticket's source and the requester's name are not reliably in the markup, so they
 * come from the tickets API (`/api/v2/tickets/<id>?include=conversations,requester`, the agent's own
 * session, read-only); until it answers, the ticket description (always the requester's) is used.
 *
 * Evidence: selector strings from issue #21's comparison with 2025–2026 public Freshdesk scripts; not
 * re-checked on a live account here. The issue found `data-incoming`, `ticket-source[data-source]`,
 * `conversation-body` and the `ticket-description` test id nowhere: they are removed.
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;
  const T = K.siteTools;

  const SELECTORS = {
    /** The reply/forward/note editor: Froala's editable, or Redactor's on older accounts. Evidence: `.fr-element.fr-view[contenteditable]` after "Reply" (issue #21); Redactor's `.redactor-editor`/`.redactor-in` is Redactor's own markup, not seen on Freshdesk. Status: confirmed. */
    composer: '.fr-element.fr-view[contenteditable="true"], .redactor-editor[contenteditable="true"], .redactor-in[contenteditable="true"]',
    /** The editing root (the composer is its own root). Evidence: as above. Status: confirmed. */
    editable: '[contenteditable="true"]',
    /** The ticket's first message (the description the requester wrote). Evidence: `.ticket-description .text__content` (issue #21). Status: confirmed. */
    description: '.ticket-description .text__content',
    /** The text of a description or conversation. Evidence: `.text__content` (issue #21). Status: confirmed. */
    body: '.text__content',
    /** The requester's name in the contact pane (fallback for the API's `requester.name`). Evidence: none found in public code. Status: unconfirmed. */
    requester: '[data-test-id="requester-name"], .requester-name',
    /** Quoted history inside an e-mail. Evidence: `.freshdesk_quote` is the class Freshdesk puts on quoted mail per our model; not seen. Status: unconfirmed. */
    quoted: 'blockquote, .freshdesk_quote, .gmail_quote',
  };

  /** How each selector is backed by public evidence (kept equal to the `Status:` in its comment; tested). */
  const STATUS = {
    composer: 'confirmed', editable: 'confirmed', description: 'confirmed', body: 'confirmed',
    requester: 'unconfirmed', quoted: 'unconfirmed',
  };

  // The ticket API's `source` codes that are conversations, not e-mail (Freshdesk API reference:
  // 5 Twitter, 6 Facebook, 7 Chat, 8 Mobihelp, 12 Bot, 13 WhatsApp).
  const CHAT_SOURCES = new Set([5, 6, 7, 8, 12, 13]);

  /** The ticket id of the open ticket, from the URL (`/a/tickets/<id>`). */
  function ticketId(site) {
    const match = /\/a\/tickets\/(\d+)/.exec((site.location && site.location.pathname) || '');
    return match ? match[1] : null;
  }

  /** The tickets API's answer for the open ticket (with conversations and requester), or null/undefined. */
  function ticketApi(site) {
    const id = ticketId(site);
    return id ? T.sameOriginJson(site, `/api/v2/tickets/${id}?include=conversations,requester`) : null;
  }

  /** Plain text of an API message: `body_text`, else its HTML body read as text. */
  function apiText(site, item, textKey, htmlKey) {
    if (item[textKey]) return String(item[textKey]).replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
    if (!item[htmlKey]) return '';
    // An inert document of its own (DOMParser): nothing in it runs or loads; only its text is read.
    const Parser = (site.defaultView && site.defaultView.DOMParser) || root.DOMParser;
    if (!Parser) return '';
    const parsed = new Parser().parseFromString(String(item[htmlKey]), 'text/html');
    return T.textOf(parsed.body, SELECTORS.quoted);
  }

  const freshdesk = {
    id: 'freshdesk',
    selectors: SELECTORS,
    selectorStatus: STATUS,
    matches: T.siteMatcher('freshdesk', ['*.freshdesk.com']),
    /** The focused Froala (or Redactor) editor: reply, forward and note can be open at once. */
    findReplyEditor(doc, focused) {
      const editor = T.findComposerEditor(doc, SELECTORS.composer, SELECTORS.editable, focused);
      if (editor) ticketApi(T.siteDocument(doc)); // start the API request now; the check comes after a pause
      return editor;
    },
    /** The latest incoming conversation (API), else the ticket description; the requester's name. */
    readCustomerMessage(doc) {
      const site = T.siteDocument(doc);
      const api = ticketApi(site);
      const requester = site.querySelector(SELECTORS.requester);
      const markupName = requester && requester.textContent;
      if (api && typeof api === 'object') {
        const incoming = (Array.isArray(api.conversations) ? api.conversations : []).filter((c) => c && c.incoming && !c.private);
        const latest = T.last(incoming);
        const text = latest ? apiText(site, latest, 'body_text', 'body') : apiText(site, api, 'description_text', 'description');
        const name = (api.requester && api.requester.name) || markupName;
        const value = T.context(text, name);
        if (value) return value;
      }
      const description = site.querySelector(SELECTORS.description);
      if (!description) return null;
      return T.context(T.textOf(description, SELECTORS.quoted), markupName);
    },
    /** The ticket's source from the API (chat, WhatsApp, social → chat); e-mail otherwise and until it answers. */
    channel(location, doc) {
      const api = ticketApi(T.siteDocument(doc));
      return api && CHAT_SOURCES.has(Number(api.source)) ? 'chat' : 'email';
    },
  };

  if (K.adapters) K.adapters.register(freshdesk);
  if (typeof module !== 'undefined' && module.exports) module.exports = freshdesk;
})(globalThis);

/*
 * Test pages: tests/e2e/sites/freshdesk.html (the real Froala 5 from npm, created when "Reply" or "Add
 * note" is clicked; the description and conversations in `.text__content`; the tickets API answered by
 * the e2e test).
 * Real URL to check by hand: https://<subdomain>.freshdesk.com/a/tickets/<id> → Reply.
 */
