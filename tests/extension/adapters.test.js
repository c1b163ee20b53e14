'use strict';
// Site adapters (issue 9): matching, the loopback-only test override, text extraction of the customer's
// message and name from each site's test page, composer choice, fallback to generic, customer context,
// the re-render watch and the context-menu handler.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { EXTENSION_DIR, loadJsdom, contentScripts } = require('./helpers.js');

const skip = loadJsdom() ? false : 'jsdom missing: run npm install in extension/';
const SITES_DIR = path.resolve(__dirname, '../e2e/sites');
const plain = (value) => JSON.parse(JSON.stringify(value));
// The content scripts up to (not including) main.js, in manifest order: what a page really gets.
const SCRIPTS = contentScripts().filter((s) => s !== 'content/main.js');

/** A jsdom window at `url` holding `html` (a whole document), with the extension's content scripts. */
function windowFor(html, { url = 'http://127.0.0.1:9999/sites/page.html', chrome } = {}) {
  const { JSDOM } = loadJsdom();
  const dom = new JSDOM(html, { url, runScripts: 'outside-only', pretendToBeVisual: true });
  const { window } = dom;
  // What jsdom lacks: layout boxes and isContentEditable (editors.js needs both).
  window.HTMLElement.prototype.getClientRects = function getClientRects() { return [{}]; };
  Object.defineProperty(window.HTMLElement.prototype, 'isContentEditable', {
    get() {
      const host = this.closest('[contenteditable]');
      return Boolean(host) && host.getAttribute('contenteditable') !== 'false';
    },
  });
  window.chrome = chrome || { runtime: { id: 'test', onMessage: { addListener() {} } }, i18n: { getUILanguage: () => 'da' } };
  for (const script of SCRIPTS) window.eval(fs.readFileSync(path.join(EXTENSION_DIR, script), 'utf8'));
  return window;
}

/** A site's e2e test page (its markup is the fixture), without its page scripts. */
function sitePage(file, options) {
  const html = fs.readFileSync(path.join(SITES_DIR, file), 'utf8').replace(/<script[\s\S]*?<\/script>/g, '');
  return windowFor(html, options);
}

const adapter = (w, id) => w.Klarsvar.adapters.list().find((a) => a.id === id);
const url = (href) => new URL(href);

test('every site adapter is registered with the contract, named selectors and a Test pages note', { skip }, () => {
  const w = windowFor('<!doctype html><p>x</p>');
  const ids = w.Klarsvar.adapters.list().map((a) => a.id);
  for (const id of ['gmail', 'zendesk', 'intercom', 'freshdesk', 'liveagent', 'generic']) assert.ok(ids.includes(id), id);
  for (const id of ['gmail', 'zendesk', 'intercom', 'freshdesk', 'liveagent']) {
    const a = adapter(w, id);
    assert.ok(Object.keys(a.selectors).length >= 4, id);
    for (const [name, selector] of Object.entries(a.selectors)) {
      assert.doesNotThrow(() => w.document.querySelector(selector), `${id}.${name}`);
    }
    const source = fs.readFileSync(path.join(EXTENSION_DIR, 'adapters', `${id}.js`), 'utf8');
    assert.match(source, /Test pages: tests\/e2e\/sites\/\S+\.html/, id);
    // Every selector is documented by a comment on the line above it.
    for (const name of Object.keys(a.selectors)) assert.match(source, new RegExp(`\\*/\\n\\s+${name}:`), `${id}.${name} undocumented`);
  }
});

test('adapters match the real hostnames only', { skip }, () => {
  const w = windowFor('<!doctype html><p>x</p>');
  const cases = {
    gmail: [['https://mail.google.com/mail/u/0/#inbox/abc', true], ['https://google.com/mail', false]],
    zendesk: [['https://acme.zendesk.com/agent/tickets/1', true], ['https://zendesk.com.evil.dk/', false], ['https://evilzendesk.com/', false]],
    intercom: [['https://app.intercom.com/a/inbox/x', true], ['https://app.eu.intercom.com/a/inbox/x', true], ['https://intercom.com/', false]],
    freshdesk: [['https://acme.freshdesk.com/a/tickets/5', true], ['https://freshdesk.com.example.org/', false]],
    liveagent: [['https://acme.ladesk.com/agent/', true], ['https://ladesk.com.example/', false]],
  };
  for (const [id, list] of Object.entries(cases)) {
    for (const [href, expected] of list) assert.equal(adapter(w, id).matches(url(href)), expected, `${id} ${href}`);
  }
  assert.equal(adapter(w, 'zendesk').matches(url('file:///x.zendesk.com/')), false);
});

test('the test-site meta picks an adapter on loopback pages only; a real site cannot spoof it', { skip }, () => {
  const meta = '<!doctype html><head><meta name="klarsvar-test-site" content="zendesk"></head><body><p>x</p></body>';
  const local = windowFor(meta);
  const ids = (w) => plain(w.Klarsvar.adapters.adaptersFor(w.location, w.document).map((a) => a.id));
  assert.deepEqual(ids(local), ['zendesk', 'generic']);
  for (const href of ['https://example.com/x', 'http://example.com/', 'https://127.0.0.1.evil.dk/']) {
    const remote = windowFor(meta, { url: href });
    assert.deepEqual(ids(remote), ['generic'], href);
  }
  // Without the meta a loopback page is nobody's site.
  assert.deepEqual(ids(windowFor('<!doctype html><p>x</p>')), ['generic']);
  // On the real site the meta changes nothing either: Zendesk stays Zendesk.
  assert.deepEqual(ids(windowFor(meta.replace('zendesk"', 'gmail"'), { url: 'https://acme.zendesk.com/agent/' })), ['zendesk', 'generic']);
});

test('a composer iframe (about:blank) belongs to its parent site', { skip }, () => {
  const w = windowFor('<!doctype html><body><iframe id="f"></iframe></body>', { url: 'https://acme.zendesk.com/agent/tickets/1' });
  const frameDoc = w.document.getElementById('f').contentDocument;
  assert.equal(w.Klarsvar.siteTools.siteDocument(frameDoc), w.document);
  assert.equal(adapter(w, 'zendesk').matches(frameDoc.location, frameDoc), true);
  assert.equal(adapter(w, 'gmail').matches(frameDoc.location, frameDoc), false);
});

test('textOf: blocks and <br> become lines, quotes/hidden/buttons/zero-width are left out', { skip }, () => {
  const w = windowFor(`<!doctype html><div id="m"><p>Hej   Maria</p><div>Linje 1<br>Linje&nbsp;2\u200b</div>
    <blockquote>gammel tekst</blockquote><p hidden>skjult</p><p style="display:none">væk</p><button>Svar</button>
    <p>æøå 😀</p></div>`);
  const { textOf } = w.Klarsvar.siteTools;
  assert.equal(textOf(w.document.getElementById('m'), 'blockquote'), 'Hej Maria\n\nLinje 1\nLinje 2\n\næøå 😀');
  assert.equal(textOf(null), '');
});

test('cleanName keeps a display name and drops addresses, roles and quotes', { skip }, () => {
  const { cleanName } = windowFor('<!doctype html>').Klarsvar.siteTools;
  assert.equal(cleanName('Maria Jensen <maria@example.com>'), 'Maria Jensen');
  assert.equal(cleanName('"Søren Ørsted" (kunde)'), 'Søren Ørsted');
  assert.equal(cleanName('Maria via Facebook'), 'Maria');
  assert.equal(cleanName('maria@example.com'), null);
  assert.equal(cleanName('  '), null);
  assert.equal(cleanName(null), null);
});

test('Zendesk: latest end-user message of the composer\'s ticket, without quotes; requester name', { skip }, () => {
  const w = sitePage('zendesk.html');
  const zendesk = adapter(w, 'zendesk');
  const value = plain(zendesk.readCustomerMessage(w.document, null));
  assert.equal(value.name, 'Maria Jensen');
  assert.equal(value.message, 'Hej igen\n\nJeg er virkelig træt af det her. Min pakke er stadig ikke kommet, og jeg har '
    + 'ventet i to uger. Jeg har brug for jakken til min datters fødselsdag på lørdag!\n\nMed venlig hilsen\nMaria Jensen');
  assert.equal(zendesk.channel(w.location, w.document), 'email');
  // The composer iframe's document reads the log of the ticket that hosts the iframe.
  const iframe = w.document.createElement('iframe'); // the page's iframe loads a file; an empty one suffices here
  w.document.getElementById('composer').replaceWith(iframe);
  const frameDoc = iframe.contentDocument;
  frameDoc.body.innerHTML = '<div data-test-id="omnicomposer-rich-text-ckeditor"><div class="ck-editor__editable" contenteditable="true"><p id="c">x</p></div></div>';
  const editable = zendesk.findReplyEditor(frameDoc, frameDoc.getElementById('c'));
  assert.ok(editable.classList.contains('ck-editor__editable'));
  assert.equal(plain(zendesk.readCustomerMessage(frameDoc, editable)).name, 'Maria Jensen');
});

test('Gmail: latest message not from the signed-in account, sender name, quote left out', { skip }, () => {
  const w = sitePage('gmail.html');
  const gmail = adapter(w, 'gmail');
  const composer = w.document.getElementById(':r1');
  const value = plain(gmail.readCustomerMessage(w.document, composer));
  assert.equal(value.name, 'Maria Jensen');
  assert.equal(value.message, 'Hej Jonas\n\nJeg er ved at være virkelig frustreret. Min pakke er stadig ikke kommet, og nu har '
    + 'jeg ventet i to uger.\n\nMvh Maria');
  // A new-message window has no customer; a popped-out reply ("Re:") has.
  const dialog = w.document.createElement('div');
  dialog.setAttribute('role', 'dialog');
  dialog.innerHTML = '<input name="subjectbox" value="Nyhedsbrev"><div g_editable="true" contenteditable="true" id="n"></div>';
  w.document.body.append(dialog);
  assert.equal(gmail.readCustomerMessage(w.document, w.document.getElementById('n')), null);
  dialog.querySelector('input').setAttribute('value', 'SV: Pakke ikke modtaget');
  dialog.querySelector('input').value = 'SV: Pakke ikke modtaget';
  assert.equal(plain(gmail.readCustomerMessage(w.document, w.document.getElementById('n'))).name, 'Maria Jensen');
  // The focused compose body wins; with no focus and two bodies the adapter does not guess.
  assert.equal(gmail.findReplyEditor(w.document, w.document.getElementById('n')).id, 'n');
  assert.equal(gmail.findReplyEditor(w.document, composer.firstChild).id, ':r1');
  assert.equal(gmail.findReplyEditor(w.document, null), null);
  assert.equal(gmail.channel(w.location, w.document), 'email');
});

test('Intercom, Freshdesk, LiveAgent: message, name and channel from their test pages', { skip }, () => {
  let w = sitePage('intercom.html');
  assert.deepEqual(plain(adapter(w, 'intercom').readCustomerMessage(w.document, null)), {
    message: "I'm really annoyed. My refund still hasn't arrived and I need the money for rent this week.", name: 'Oliver Smith' });
  assert.equal(adapter(w, 'intercom').channel(w.location, w.document), 'chat');

  w = sitePage('freshdesk.html');
  const fd = plain(adapter(w, 'freshdesk').readCustomerMessage(w.document, null));
  assert.equal(fd.name, 'Louise Dahl');
  assert.equal(fd.message, 'Nu har jeg ventet i en uge, og jeg har stadig ikke hørt noget. Min kjole skal bruges til et bryllup '
    + 'på lørdag, og jeg er ærlig talt ret bekymret.\n\nVenlig hilsen\nLouise');
  assert.equal(adapter(w, 'freshdesk').channel(w.location, w.document), 'email');
  assert.equal(adapter(w, 'freshdesk').findReplyEditor(w.document, w.document.querySelector('#note p')).id, 'note');
  assert.equal(adapter(w, 'freshdesk').findReplyEditor(w.document, null), null); // two editors, no focus

  w = sitePage('liveagent.html');
  assert.deepEqual(plain(adapter(w, 'liveagent').readCustomerMessage(w.document, null)), {
    message: 'Jeg er ret frustreret nu.\nJeg arbejder hjemme og har ikke haft internet i to dage 😠', name: 'Anders Krog' });
  assert.equal(adapter(w, 'liveagent').channel(w.location, w.document), 'chat');
  assert.equal(adapter(w, 'liveagent').findReplyEditor(w.document, null).id, 'chat-reply');
});

test('no inbound message → no context; markup the adapter does not know → generic adapter, never an error', { skip }, () => {
  const w = sitePage('zendesk-redesigned.html');
  const { resolve, customerContext } = w.Klarsvar.adapters;
  const found = resolve(w.document, w.document.getElementById('editor'));
  assert.equal(found.adapter.id, 'generic');
  assert.equal(found.element.id, 'editor');
  assert.equal(customerContext(found.adapter, w.document, found.element), null);
  // Empty log: adapters answer null rather than throwing.
  for (const id of ['gmail', 'zendesk', 'intercom', 'freshdesk', 'liveagent']) {
    const empty = windowFor('<!doctype html><p>x</p>');
    assert.equal(adapter(empty, id).readCustomerMessage(empty.document, null), null, id);
  }
  // An adapter that throws (a site change broke an assumption) falls back to generic too.
  const broken = windowFor('<!doctype html><head><meta name="klarsvar-test-site" content="zendesk"></head><body><textarea id="t"></textarea></body>');
  adapter(broken, 'zendesk').findReplyEditor = () => { throw new Error('redesign'); };
  const again = broken.Klarsvar.adapters.resolve(broken.document, broken.document.getElementById('t'));
  assert.equal(again.adapter.id, 'generic');
});

test('customer context: adapter reading, selection wins, clear sticks until the message changes', { skip }, () => {
  const w = windowFor('<!doctype html><body><textarea id="t"></textarea></body>');
  const cc = w.Klarsvar.customerContext;
  let rechecks = 0;
  cc.init({ recheck: () => { rechecks += 1; } });
  let reading = { message: 'Min pakke er væk', name: 'Maria' };
  const fake = { id: 'fake', matches: () => true, findReplyEditor: () => null, readCustomerMessage: () => reading, channel: () => null };
  const editor = { adapter: fake, root: w.document.getElementById('t') };
  assert.deepEqual(plain(cc.forCheck(editor, w.document)), { message: 'Min pakke er væk', name: 'Maria' });
  assert.equal(cc.state.used.source, 'adapter');

  assert.equal(cc.useSelection('  Jeg er sur.\r\nRigtig sur.  '), true);
  assert.equal(rechecks, 1);
  assert.deepEqual(plain(cc.forCheck(editor, w.document)), { message: 'Jeg er sur.\nRigtig sur.', name: 'Maria' });
  assert.equal(cc.state.used.source, 'selection');
  assert.equal(cc.useSelection('   '), false);

  cc.clear();
  assert.equal(rechecks, 2);
  assert.equal(cc.forCheck(editor, w.document), null);
  assert.equal(cc.state.used.cleared, true);
  reading = { message: 'En ny besked', name: 'Maria' }; // a new message arrived: used again
  assert.equal(plain(cc.forCheck(editor, w.document)).message, 'En ny besked');

  cc.useSelection('valgt');
  cc.conversationChanged();
  assert.equal(plain(cc.forCheck(editor, w.document)).message, 'En ny besked');
});

test('customer context panel: name, message, source and a Clear button in the overlay', { skip }, () => {
  const w = windowFor('<!doctype html><body><textarea id="t"></textarea></body>');
  const cc = w.Klarsvar.customerContext;
  const overlay = new w.Klarsvar.overlay.Overlay(w.document, { t: (k) => k, onAction() {} });
  const fake = { id: 'fake', matches: () => true, findReplyEditor: () => null, channel: () => null,
    readCustomerMessage: () => ({ message: 'x'.repeat(300), name: 'Maria Jensen' }) };
  cc.init({ recheck() {} });
  cc.forCheck({ adapter: fake, root: w.document.getElementById('t') }, w.document);
  cc.render(overlay);
  const part = overlay.shadow.querySelector('[data-part="customer"]');
  assert.equal(part.getAttribute('data-source'), 'adapter');
  assert.equal(part.querySelector('[data-customer-name]').textContent, 'Maria Jensen');
  assert.ok(part.querySelector('[data-customer-message]').textContent.endsWith('…'));
  assert.equal(part.querySelector('h3').firstChild.textContent, 'Kundens besked');
  part.querySelector('[data-action="clear-customer"]').click();
  cc.forCheck({ adapter: fake, root: w.document.getElementById('t') }, w.document);
  cc.render(overlay);
  assert.equal(overlay.shadow.querySelectorAll('[data-part="customer"]').length, 1);
  assert.equal(part.getAttribute('data-source'), 'none');
  assert.match(part.textContent, /bruges ikke/);
});

test('site watch: follows the replacement composer, reports navigation, and stops cleanly', { skip }, async () => {
  const w = sitePage('liveagent.html');
  const followed = [];
  let navigations = 0;
  let current = { root: w.document.getElementById('chat-reply') };
  const watch = w.Klarsvar.siteWatch.start(w.document, {
    current: () => current,
    follow: (el) => { followed.push(el); current = { root: el }; },
    navigated: () => { navigations += 1; },
  });
  const wait = () => new Promise((r) => setTimeout(r, w.Klarsvar.siteWatch.SETTLE_MS + 60));
  const box = w.document.querySelector('.ReplyBox');
  box.innerHTML = '<textarea id="chat-reply-2"></textarea>'; // the app re-rendered its reply box
  await wait();
  assert.deepEqual(followed.map((el) => el.id), ['chat-reply-2']);
  w.history.pushState({}, '', '/agent/chat/2');
  w.document.body.append(w.document.createElement('div'));
  await wait();
  assert.equal(navigations, 1);
  watch.stop();
  assert.equal(watch.stopped, true);
  box.innerHTML = '<textarea id="chat-reply-3"></textarea>';
  await wait();
  assert.equal(followed.length, 1); // disconnected: no more work after stop()
});

test('context menu: reads the selection in the clicked frame and sends it to every frame', { skip }, async () => {
  const calls = [];
  const listeners = {};
  const chrome = {
    runtime: { id: 'ext', lastError: undefined, onInstalled: { addListener: (f) => { listeners.installed = f; } }, onStartup: { addListener() {} } },
    i18n: { getUILanguage: () => 'da' },
    contextMenus: {
      removeAll: async () => { calls.push(['removeAll']); },
      create: (item, cb) => { calls.push(['create', item]); if (cb) cb(); },
      onClicked: { addListener: (f) => { listeners.clicked = f; } },
    },
    tabs: {
      sendMessage: async (tabId, message, options) => {
        calls.push(['send', tabId, message, options]);
        return message.kind === 'read-selection' ? { ok: true, text: 'Hej\nMin pakke er væk' } : { ok: true };
      },
    },
  };
  const saved = globalThis.chrome;
  globalThis.chrome = chrome;
  delete require.cache[require.resolve(path.join(EXTENSION_DIR, 'background/contextMenu.js'))];
  const menu = require(path.join(EXTENSION_DIR, 'background/contextMenu.js'));
  globalThis.chrome = saved;
  await menu.createMenu();
  assert.deepEqual(calls.find((c) => c[0] === 'create')[1], { id: menu.MENU_ID, title: 'Brug markeret tekst som kundens besked', contexts: ['selection'] });
  calls.length = 0;
  assert.equal(await menu.onClicked({ menuItemId: 'other' }, { id: 4 }), false);
  assert.equal(await menu.onClicked({ menuItemId: menu.MENU_ID, frameId: 2, selectionText: 'Hej Min pakke er væk' }, { id: 4 }), true);
  assert.deepEqual(plain(calls), [
    ['send', 4, { kind: 'read-selection' }, { frameId: 2 }],
    ['send', 4, { kind: 'customer-selection', text: 'Hej\nMin pakke er væk' }, null],
  ]);
});
