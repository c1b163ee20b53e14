/**
 * Intercom Inbox (`app.intercom.com/a/inbox/…/conversation/<id>`): the reply composer under the
 * conversation stream.
 *
 * The Inbox is a single-page app (Ember): opening another conversation swaps the stream and the header
 * without a page load. The composer is ProseMirror (`.embercom-prosemirror-composer`). The stream is a
 * list of part groups (`data-part-group-id`), each saying in `data-part-group-category` whose parts it
 * holds; a part's text is rendered in `.interblocks-html`. E-mail conversations render their parts as
 * `.inbox-2__user-email-part`.
 *
 * Evidence: selector strings come from issue #21's comparison with 2025–2026 public scripts for the
 * Inbox; not re-checked on a live account here. The issue also reports that 2026 markup moved to
 * utility classes and may use shadow DOM: that could not be looked at from here, so every lookup also
 * searches open shadow roots (`T.deepQueryAll`) when the light DOM has nothing.
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;
  const T = K.siteTools;

  const SELECTORS = {
    /** The reply composer container. Evidence: `[data-conversation-reply-composer]` and `.embercom-prosemirror-composer` in public Inbox scripts (issue #21). Status: confirmed. */
    composer: '[data-conversation-reply-composer], .embercom-prosemirror-composer',
    /** The editing root inside the composer: ProseMirror's editable. Evidence: ProseMirror's own class (the composer is ProseMirror per issue #21). Status: confirmed. */
    editable: '.ProseMirror[contenteditable="true"], [contenteditable="true"]',
    /** One group of stream parts by one author. Evidence: `[data-part-group-id]` (issue #21). Status: confirmed. */
    partGroup: '[data-part-group-id]',
    /** Whose parts a group holds; its values for customer vs teammate (user/lead/contact vs admin/bot/note) are our reading, not seen. Evidence: attribute named in issue #21; values unverified. Status: unconfirmed. */
    groupCategory: '[data-part-group-category]',
    /** The text of a part. Evidence: `.interblocks-html` (issue #21). Status: confirmed. */
    body: '.interblocks-html',
    /** The customer's name in the conversation header. Evidence: `[data-inbox-conversation-header-title]` (issue #21). Status: confirmed. */
    name: '[data-inbox-conversation-header-title]',
    /** A part of an e-mail conversation (so the channel is e-mail). Evidence: `.inbox-2__user-email-part` (issue #21). Status: confirmed. */
    emailPart: '.inbox-2__user-email-part',
    /** Quoted e-mail history inside a part. Evidence: none specific to Intercom; generic mail-client markup. Status: unconfirmed. */
    quoted: 'blockquote, .gmail_quote, .intercom-quoted-reply',
  };

  /** How each selector is backed by public evidence (kept equal to the `Status:` in its comment; tested). */
  const STATUS = {
    composer: 'confirmed', editable: 'confirmed', partGroup: 'confirmed', groupCategory: 'unconfirmed',
    body: 'confirmed', name: 'confirmed', emailPart: 'confirmed', quoted: 'unconfirmed',
  };

  // Words in a part-group category that mean the customer wrote it, and words that mean the team (or
  // Intercom's Fin bot) did; the attribute is confirmed, these values are not. A category naming both
  // ("user_note"?) is not the customer's.
  const CUSTOMER_WORDS = new Set(['user', 'lead', 'contact', 'customer', 'visitor', 'enduser']);
  const TEAM_WORDS = new Set(['admin', 'teammate', 'bot', 'operator', 'fin', 'note', 'system', 'event', 'workflow']);

  /** The first matching element, light DOM first, then open shadow roots. */
  function find(scope, selector) {
    return T.deepQueryAll(scope, selector)[0] || null;
  }

  /** Whether a part group was written by the customer. */
  function isCustomerGroup(group) {
    const words = (group.getAttribute('data-part-group-category') || '').toLowerCase().replace(/end[-_ ]user/g, 'enduser').split(/[^a-z]+/);
    return words.some((w) => CUSTOMER_WORDS.has(w)) && !words.some((w) => TEAM_WORDS.has(w));
  }

  const intercom = {
    id: 'intercom',
    selectors: SELECTORS,
    selectorStatus: STATUS,
    matches: T.siteMatcher('intercom', ['app.intercom.com', 'app.eu.intercom.com', 'app.au.intercom.com']),
    /** The editable of the composer the agent focused (also inside an open shadow root). */
    findReplyEditor(doc, focused) {
      const inner = T.deepFocused(focused);
      const composer = T.pickComposer(T.deepQueryAll(doc, SELECTORS.composer), inner);
      if (!composer) return null;
      return composer.matches(SELECTORS.editable) ? composer : composer.querySelector(SELECTORS.editable);
    },
    /** Every part of the latest customer group (chat customers send several short ones), and the header's name. */
    readCustomerMessage(doc) {
      const site = T.siteDocument(doc);
      const groups = T.deepQueryAll(site, SELECTORS.partGroup).filter(isCustomerGroup);
      const group = T.last(groups);
      if (!group) return null;
      const bodies = Array.from(group.querySelectorAll(SELECTORS.body));
      const text = (bodies.length ? bodies : [group]).map((b) => T.textOf(b, SELECTORS.quoted)).filter(Boolean).join('\n');
      const name = find(site, SELECTORS.name);
      return T.context(text, name && name.textContent);
    },
    /** Chat, unless the conversation's parts are e-mail parts. */
    channel(location, doc) {
      return find(T.siteDocument(doc), SELECTORS.emailPart) ? 'email' : 'chat';
    },
  };

  if (K.adapters) K.adapters.register(intercom);
  if (typeof module !== 'undefined' && module.exports) module.exports = intercom;
})(globalThis);

/*
 * Test pages: tests/e2e/sites/intercom.html (ProseMirror composer in the top document, part groups;
 * "open another conversation" navigates with history.pushState and swaps the stream, the second
 * conversation is an e-mail one).
 * Real URL to check by hand: https://app.intercom.com/a/inbox/<workspace>/inbox/conversation/<id>
 */
