// Bundles the editors used by the end-to-end test pages into dist/ (git-ignored).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/prosemirror.js', 'src/quill.js', 'src/ckeditor.js', 'src/froala.js'],
  bundle: true,
  format: 'iife',
  outdir: 'dist',
  minify: false,
  sourcemap: false,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.svg': 'text' },
});
