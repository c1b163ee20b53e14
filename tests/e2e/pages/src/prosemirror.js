// ProseMirror test editor: basic schema, history (undo) and the base keymap.
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { schema } from 'prosemirror-schema-basic';
import { history, undo, redo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { baseKeymap } from 'prosemirror-commands';

const view = new EditorView(document.querySelector('#editor'), {
  state: EditorState.create({
    schema,
    plugins: [history(), keymap({ 'Mod-z': undo, 'Mod-y': redo, 'Shift-Mod-z': redo }), keymap(baseKeymap)],
  }),
});
window.pmView = view;
// The editor's own model: paragraphs joined by a newline.
window.getEditorText = () => view.state.doc.textBetween(0, view.state.doc.content.size, '\n');
window.editorReady = true;
