/**
 * The generic adapter: any textarea or contenteditable on any page; the fallback for every site.
 * It knows nothing about the customer (no context) and leaves the channel to the per-site setting.
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;

  const generic = {
    id: 'generic',
    // No site-specific selectors: the editor is whatever editable element has focus.
    selectors: {},
    /** Every page. */
    matches: () => true,
    /** The editable root the focused element belongs to (textarea or contenteditable host). */
    findReplyEditor(doc, focused) {
      const described = K.editors.describeEditor(focused);
      return described ? described.root : null;
    },
    /** No customer message is known on an unknown site. */
    readCustomerMessage: () => null,
    /** Unknown: the per-site setting decides. */
    channel: () => null,
  };

  if (K.adapters) K.adapters.register(generic);
  if (typeof module !== 'undefined' && module.exports) module.exports = generic;
})(globalThis);
