// CKEditor 5 test editor (GPL licence key, essentials + paragraphs, its own undo).
import { ClassicEditor, Essentials, Paragraph, Bold, Italic } from 'ckeditor5';
import 'ckeditor5/ckeditor5.css';

ClassicEditor.create(document.querySelector('#editor'), {
  licenseKey: 'GPL',
  plugins: [Essentials, Paragraph, Bold, Italic],
  toolbar: ['bold', 'italic', 'undo', 'redo'],
}).then((editor) => {
  window.ckeditor = editor;
  // The editor's own model: each root child (paragraph) as text, joined by a newline.
  window.getEditorText = () => Array.from(editor.model.document.getRoot().getChildren())
    .map((block) => Array.from(block.getChildren()).map((node) => (node.is('$text') ? node.data : '')).join(''))
    .join('\n');
  window.editorReady = true;
});
