/**
 * Gmail (`mail.google.com`): the compose body (a new-message window or the inline reply under a
 * thread) and the thread above it.
 *
 * Gmail's compose body is a contenteditable `div` (`g_editable="true"`, `role="textbox"`) whose
 * children are themselves editable `div`s, with the signature and the quoted history (behind "…")
 * inside the same editable. Several compose windows can be open; the focused one is the reply.
 * Messages of the open thread are `.adn` containers with the sender in `span.gD[email][name]` and the
 * body in `.a3s`; the latest one not sent from the signed-in account is the customer's.
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;
  const T = K.siteTools;

  const SELECTORS = {
    /** The compose body: the editing host of a compose window or inline reply. */
    composer: 'div[g_editable="true"][contenteditable="true"], div.Am.Al.editable[contenteditable="true"]',
    /** One expanded message of the open thread (collapsed ones have no body in the DOM). */
    message: 'div.adn',
    /** The sender of a message: Gmail puts the address and the display name in attributes. */
    sender: 'span.gD[email]',
    /** A message's body. */
    body: 'div.a3s',
    /** Inside a body or a draft: the quoted history, Gmail's "…" trimmed content, the signature. */
    quoted: '.gmail_quote, blockquote, .adL, .im, .gmail_signature, [data-smartmail="gmail_signature"]',
    /** A compose window (new message or popped-out reply), as opposed to the inline reply in the thread. */
    window: '[role="dialog"]',
    /** The subject field of a compose window. */
    subject: 'input[name="subjectbox"]',
    /** The signed-in account's address, shown on the account button. */
    account: 'a[aria-label*="@"][href*="accounts.google.com"], [data-email]',
  };

  /** A reply's subject prefix (English, Danish, German, Dutch, Swedish/Norwegian). */
  const REPLY_SUBJECT = /^\s*(re|sv|aw|antw|vs)\s*:/i;

  /** The signed-in account's address (lower-case), from the account button or the tab title. */
  function accountAddress(doc) {
    const button = doc.querySelector(SELECTORS.account);
    const source = button ? (button.getAttribute('data-email') || button.getAttribute('aria-label') || '') : '';
    const fromTitle = (doc.title || '').match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/);
    const found = source.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/) || fromTitle;
    return found ? found[0].toLowerCase() : null;
  }

  /** The thread messages above `editorEl` (Gmail shows one thread at a time; the view is `doc`). */
  function threadMessages(doc) {
    return Array.from(doc.querySelectorAll(SELECTORS.message)).filter((m) => m.querySelector(SELECTORS.body));
  }

  const gmail = {
    id: 'gmail',
    selectors: SELECTORS,
    matches: T.siteMatcher('gmail', ['mail.google.com']),
    /** The compose body holding the focused element (several compose windows: the focused one wins). */
    findReplyEditor(doc, focused) {
      return T.pickComposer(doc.querySelectorAll(SELECTORS.composer), focused);
    },
    /** The latest message not sent by the signed-in agent, and its sender's display name. */
    readCustomerMessage(doc, editorEl) {
      // A new-message window (not a reply) has no thread of its own: no customer context. A popped-out
      // reply is a window too, but its subject starts with Re:/SV:/AW:.
      const dialog = editorEl && editorEl.closest(SELECTORS.window);
      const subject = dialog && dialog.querySelector(SELECTORS.subject);
      if (dialog && !(subject && REPLY_SUBJECT.test(subject.value || subject.getAttribute('value') || ''))) return null;
      const account = accountAddress(doc);
      const messages = threadMessages(doc);
      const inbound = messages.filter((m) => {
        const sender = m.querySelector(SELECTORS.sender);
        return !account || !sender || sender.getAttribute('email').toLowerCase() !== account;
      });
      const latest = T.last(inbound);
      if (!latest) return null;
      const sender = latest.querySelector(SELECTORS.sender);
      const name = sender ? (sender.getAttribute('name') || sender.textContent) : null;
      return T.context(T.textOf(latest.querySelector(SELECTORS.body), SELECTORS.quoted), name);
    },
    /** Gmail is e-mail. */
    channel: () => 'email',
  };

  if (K.adapters) K.adapters.register(gmail);
  if (typeof module !== 'undefined' && module.exports) module.exports = gmail;
})(globalThis);

/*
 * Test pages: tests/e2e/sites/gmail.html (a thread, the inline reply with signature and quoted
 * history inside the editable, a second compose window, a re-render button).
 * Real URL to check by hand: https://mail.google.com/mail/u/0/#inbox/<thread id> → Reply.
 */
