// Times harper.js (LocalLinter, plain text) on texts given as a JSON list on stdin; prints JSON:
// {"setup_ms": ..., "medians_ms": [...], "lints": [...]} — one median per text over `repeat` runs.
import { LocalLinter } from "harper.js";
import { binaryInlined } from "harper.js/binaryInlined";

const input = JSON.parse(await new Promise((resolve) => {
  let data = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => { data += chunk; });
  process.stdin.on("end", () => resolve(data));
}));
const repeat = Math.max(1, input.repeat ?? 20);
const started = performance.now();
const linter = new LocalLinter({ binary: binaryInlined });
await linter.setup();
const setupMs = performance.now() - started;
const medians = [];
const lintCounts = [];
for (const text of input.texts) {
  const samples = [];
  let count = 0;
  await linter.lint(text, { language: "plaintext" }); // warm: the first lint of a text builds caches
  for (let i = 0; i < repeat; i++) {
    // A different trailing number each run, so no cache of the same text hides the work.
    const variant = `${text} ${i}`;
    const t0 = performance.now();
    const lints = await linter.lint(variant, { language: "plaintext" });
    samples.push(performance.now() - t0);
    count = lints.length;
  }
  samples.sort((a, b) => a - b);
  medians.push(samples[Math.floor(samples.length / 2)]);
  lintCounts.push(count);
}
process.stdout.write(JSON.stringify({ setup_ms: setupMs, medians_ms: medians, lints: lintCounts }));
