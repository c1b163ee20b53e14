// Froala 5 test editor (the npm package `froala-editor`, all plugins as Freshdesk loads them, its own undo).
// Without a licence key Froala shows an "unlicensed" banner; editing, paste and undo work the same.
import FroalaEditor from 'froala-editor/js/froala_editor.pkgd.min.js';
import 'froala-editor/css/froala_editor.pkgd.min.css';

/** The editor's own model (its HTML, `editor.html.get()`) as plain text: one line per block or `<br>`. */
function modelText(editor) {
  const box = document.createElement('div');
  box.innerHTML = editor.html.get();
  const lines = [];
  let line = '';
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) line += child.data;
      else if (child.nodeName === 'BR') { lines.push(line); line = ''; }
      else if (/^(P|DIV|LI|H[1-6]|BLOCKQUOTE|PRE)$/.test(child.nodeName)) {
        if (line) { lines.push(line); line = ''; }
        walk(child);
        lines.push(line); line = '';
      } else walk(child);
    }
  };
  walk(box);
  if (line) lines.push(line);
  return lines.join('\n').replace(/\u00a0/g, ' ').replace(/[\u200b\ufeff]/g, '');
}

/** Create a Froala editor on `selector`; resolves to the editor once it is initialised. */
window.createFroala = (selector, options = {}) => new Promise((resolve) => {
  // eslint-disable-next-line no-new
  new FroalaEditor(selector, {
    toolbarButtons: ['bold', 'italic', 'undo', 'redo'],
    quickInsertEnabled: false,
    charCounterCount: false,
    ...options,
    events: {
      initialized() { resolve(this); },
    },
  });
});
window.froalaText = modelText;

// The shared editor test page (pages/froala.html) has one editor on #editor.
if (document.querySelector('#editor[data-froala-page]')) {
  window.createFroala('#editor').then((editor) => {
    window.froala = editor;
    window.getEditorText = () => modelText(editor);
    window.editorReady = true;
  });
}
