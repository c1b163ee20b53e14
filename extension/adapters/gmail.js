/**
 * Gmail (`mail.google.com`): the compose body (a new-message window, a popped-out reply or the inline
 * reply under a thread) and the thread the reply belongs to.
 *
 * Gmail's compose body is a contenteditable `div` (`g_editable="true"`, `role="textbox"`) with the
 * signature and the quoted history inside the same editable. Several compose windows can be open; the
 * focused one is the reply. A reply is told apart from a new message by its thread, never by a
 * `Re:`/`SV:`/`AW:` subject: an inline reply sits inside its thread's view; a compose form that replies
 * carries the hidden `input[name="rt"]` (gmail.js) or InboxSDK's `.HQ` marker. Gmail keeps earlier
 * thread views in the DOM (hidden), so the customer's message is read from the reply's OWN thread:
 * the view around an inline reply, or for a pop-out the view whose thread id the form names. When that
 * thread is no longer in the DOM, the reading taken while it was (page memory, by thread id) is used,
 * else nothing: never whatever thread happens to be on screen.
 *
 * Evidence: gmail.js (v1.1.16, 2026-03) and InboxSDK (v2.2.18, 2026-07), as compared in issue #21;
 * not re-checked on a live account here.
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;
  const T = K.siteTools;

  const SELECTORS = {
    /** The compose body: the editing host of a compose window or inline reply. Evidence: one of the 7 of 8 old Gmail selectors issue #21 found consistent with gmail.js v1.1.16 / InboxSDK v2.2.18 (not itemised there). Status: confirmed. */
    composer: 'div[g_editable="true"][contenteditable="true"], div.Am.Al.editable[contenteditable="true"]',
    /** One expanded message of a thread (collapsed ones have no body in the DOM). Evidence: one of the 7 of 8 found consistent with gmail.js / InboxSDK (issue #21, not itemised). Status: confirmed. */
    message: 'div.adn',
    /** The sender of a message, address and display name in attributes. Evidence: one of the 7 of 8 found consistent with gmail.js / InboxSDK (issue #21, not itemised). Status: confirmed. */
    sender: 'span.gD[email]',
    /** A message's body. Evidence: one of the 7 of 8 found consistent with gmail.js / InboxSDK (issue #21, not itemised). Status: confirmed. */
    body: 'div.a3s',
    /** Quoted history, trimmed content and the signature inside a body or draft. Evidence: one of the 7 of 8 found consistent with gmail.js / InboxSDK (issue #21, not itemised); `.gmail_quote`/`.gmail_signature` are Gmail's own classes in sent mail. Status: confirmed. */
    quoted: '.gmail_quote, blockquote, .adL, .im, .gmail_signature, [data-smartmail="gmail_signature"]',
    /** A compose form (new message, pop-out or inline reply) that owns its hidden inputs. Evidence: `div.M9` is how gmail.js enumerates compose elements (from memory of its `dom.composes`, not in issue #21); `form` and `[role=dialog]` are our model. Status: unconfirmed. */
    composeForm: 'div.M9, form, [role="dialog"]',
    /** The reply marker of a compose form; its value names the thread. Evidence: gmail.js's hidden `input[name=rt]` and InboxSDK's `.HQ` (issue #21); that `rt` holds the thread id is our reading. Status: confirmed. */
    replyMarker: 'input[name="rt"], .HQ',
    /** A thread view's id (the subject heading). Evidence: `h2.hP` is gmail.js's subject; the `data-legacy-thread-id` attribute on it is from memory of InboxSDK code, not in issue #21. Status: unconfirmed. */
    threadId: 'h2.hP[data-legacy-thread-id], [data-legacy-thread-id]',
    /** The signed-in account's address, shown on the account button. Evidence: none; by elimination the one old Gmail selector issue #21 could not confirm. Status: unconfirmed. */
    account: 'a[aria-label*="@"][href*="accounts.google.com"], [data-email]',
  };

  /** How each selector is backed by public evidence (kept equal to the `Status:` in its comment; tested). */
  const STATUS = {
    composer: 'confirmed', message: 'confirmed', sender: 'confirmed', body: 'confirmed', quoted: 'confirmed',
    composeForm: 'unconfirmed', replyMarker: 'confirmed', threadId: 'unconfirmed', account: 'unconfirmed',
  };

  // The last customer reading per thread id (page memory only): a pop-out whose thread view is gone.
  const readingsByThread = new Map();
  const MAX_REMEMBERED_THREADS = 50;

  /** Remember `reading` for `threadId`, forgetting the oldest thread beyond the limit. */
  function remember(threadId, reading) {
    readingsByThread.delete(threadId);
    readingsByThread.set(threadId, reading);
    if (readingsByThread.size > MAX_REMEMBERED_THREADS) readingsByThread.delete(readingsByThread.keys().next().value);
  }

  /** The signed-in account's address (lower-case), from the account button or the tab title. */
  function accountAddress(doc) {
    const button = doc.querySelector(SELECTORS.account);
    const source = button ? (button.getAttribute('data-email') || button.getAttribute('aria-label') || '') : '';
    const fromTitle = (doc.title || '').match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/);
    const found = source.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/) || fromTitle;
    return found ? found[0].toLowerCase() : null;
  }

  /** The nearest ancestor of `el` that contains thread messages: the thread view an inline reply sits in. */
  function threadViewAround(el) {
    for (let node = el && el.parentElement; node; node = node.parentElement) {
      if (node.querySelector(SELECTORS.message)) return node;
    }
    return null;
  }

  /** The thread view whose id is `threadId` (an earlier view may still be in the DOM, hidden). */
  function threadViewById(doc, threadId) {
    const clean = String(threadId).replace(/^#/, '');
    const marker = Array.from(doc.querySelectorAll(SELECTORS.threadId))
      .find((el) => String(el.getAttribute('data-legacy-thread-id')).replace(/^#/, '') === clean);
    return marker ? threadViewAround(marker) : null;
  }

  /** The id of the thread a view shows, or null. */
  function threadIdOf(view) {
    const marker = view && view.querySelector(SELECTORS.threadId);
    return marker ? String(marker.getAttribute('data-legacy-thread-id')).replace(/^#/, '') : null;
  }

  /**
   * Where the reply in `editorEl` belongs: `{view, threadId}` (view null when its thread is not in the
   * DOM), or null for a new message (no thread at all).
   */
  function replyThread(doc, editorEl) {
    if (!editorEl) return null;
    const form = editorEl.closest(SELECTORS.composeForm);
    const marker = form && form.querySelector(SELECTORS.replyMarker);
    const named = marker && marker.matches('input') ? (marker.value || marker.getAttribute('value') || '').replace(/^#/, '') : '';
    const isDialog = Boolean(editorEl.closest('[role="dialog"]'));
    if (named) return { view: threadViewById(doc, named) || (isDialog ? null : threadViewAround(editorEl)), threadId: named };
    if (isDialog) return marker ? { view: null, threadId: null } : null; // a window without a reply marker is a new message
    const view = threadViewAround(editorEl); // inline: the reply form sits in its thread's view
    return view ? { view, threadId: threadIdOf(view) } : (marker ? { view: null, threadId: null } : null);
  }

  /** The latest message of `view` not sent by the signed-in account, as `{message, name}`, or null. */
  function readThread(doc, view) {
    const account = accountAddress(doc);
    const messages = Array.from(view.querySelectorAll(SELECTORS.message)).filter((m) => m.querySelector(SELECTORS.body));
    const inbound = messages.filter((m) => {
      const sender = m.querySelector(SELECTORS.sender);
      return !account || !sender || sender.getAttribute('email').toLowerCase() !== account;
    });
    const latest = T.last(inbound);
    if (!latest) return null;
    const sender = latest.querySelector(SELECTORS.sender);
    const name = sender ? (sender.getAttribute('name') || sender.textContent) : null;
    return T.context(T.textOf(latest.querySelector(SELECTORS.body), SELECTORS.quoted), name);
  }

  const gmail = {
    id: 'gmail',
    selectors: SELECTORS,
    selectorStatus: STATUS,
    matches: T.siteMatcher('gmail', ['mail.google.com']),
    /** The compose body holding the focused element (several compose windows: the focused one wins). */
    findReplyEditor(doc, focused) {
      return T.pickComposer(doc.querySelectorAll(SELECTORS.composer), focused);
    },
    /** The latest message of the reply's own thread not sent by the signed-in agent, and its sender's name. */
    readCustomerMessage(doc, editorEl) {
      const thread = replyThread(doc, editorEl);
      if (!thread) return null;
      if (thread.view) {
        const reading = readThread(doc, thread.view);
        if (reading && thread.threadId) remember(thread.threadId, reading);
        return reading;
      }
      return (thread.threadId && readingsByThread.get(thread.threadId)) || null;
    },
    /** Gmail is e-mail. */
    channel: () => 'email',
  };

  if (K.adapters) K.adapters.register(gmail);
  if (typeof module !== 'undefined' && module.exports) module.exports = gmail;
})(globalThis);

/*
 * Test pages: tests/e2e/sites/gmail.html (two thread views, the earlier one hidden as Gmail keeps it;
 * the inline reply with signature inside the editable; a popped-out reply to the other thread; a new
 * message window; a re-render button).
 * Real URL to check by hand: https://mail.google.com/mail/u/0/#inbox/<thread id> → Reply.
 */
