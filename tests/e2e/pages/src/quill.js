// Quill 2 test editor (snow theme, its own history module).
import Quill from 'quill';
import 'quill/dist/quill.snow.css';

const quill = new Quill('#editor', { theme: 'snow', modules: { toolbar: false } });
window.quill = quill;
// The editor's own model; Quill always ends its text with one newline.
window.getEditorText = () => quill.getText().replace(/\n$/, '');
window.editorReady = true;
