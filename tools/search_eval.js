// node tools/search_eval.js CLIENT INDEX_HANS INDEX_HANT QUERIES: recall, precision of the first R results and
// first-result relevance per category, for queries {query, category, edition, relevant: ["slug#anchor", …]}
// (tests/heldout/search/*.json), run through the site's own engine (search-client.js) on the given
// index files. Prints one JSON object: {category: {n, recall, precision, first, empty, none_ok, shown_recall,
// shown_precision, shown_first, shown_none, set_precision, shown_set_precision}}: the shown_ figures count all the
// dialog shows (direct results, the topics' related blocks, looser matches), shown_none the queries of no relevant
// clause it shows nothing for. precision is of the first R results (R: the relevant clauses); set_precision of all
// of them (a query with none shown counts 0).
const vm = require("vm"), fs = require("fs");
const [client, hans, hant, file, edition] = process.argv.slice(2);  // edition: run every query there (else its own)
const engines = {};
for (const [lang, path] of [["zh-Hans", hans], ["zh-Hant", hant]]) {
  const ctx = {}; ctx.globalThis = ctx; vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(path, "utf8").replace("window.", "globalThis."), ctx);
  vm.runInContext(fs.readFileSync(client, "utf8"), ctx);
  engines[lang] = new ctx.SiteSearch(ctx.__siteSearchIndex);
}
const out = {};
for (const q of JSON.parse(fs.readFileSync(file, "utf8")).queries) {
  const all = engines[edition || q.edition || "zh-Hans"].search(q.query);
  const found = all.filter(r => !r.loose).map(r => `${r.doc.slug}#${r.doc.anchor}`);
  // what the dialog shows, in its order: the direct results, the related blocks of the topics the query names, the
  // looser matches (said so)
  const blocks = engines[edition || q.edition || "zh-Hans"].related(q.query, all.filter(r => !r.loose));
  const inBlocks = new Set(blocks.flatMap(b => b.results.map(r => r.doc.position)));
  const shown = all.filter(r => !r.loose).concat(blocks.flatMap(b => b.results), all.filter(r => r.loose && !inBlocks.has(r.doc.position)))
    .map(r => `${r.doc.slug}#${r.doc.anchor}`);
  const c = out[q.category] = out[q.category] || { n: 0, recall: 0, precision: 0, first: 0, empty: 0, none_ok: 0, judged: 0,
                                                   shown_recall: 0, shown_precision: 0, shown_first: 0, shown_none: 0,
                                                   set_precision: 0, shown_set_precision: 0 };
  c.n++;
  if (!q.relevant.length) { if (!found.length) c.none_ok++; if (!shown.length) c.shown_none++; continue; }
  const rel = new Set(q.relevant), top = found.slice(0, rel.size);
  c.judged++;
  c.recall += q.relevant.filter(x => found.includes(x)).length / rel.size;
  c.precision += top.length ? top.filter(x => rel.has(x)).length / top.length : 0;
  c.first += found.length && rel.has(found[0]) ? 1 : 0;
  c.empty += found.length ? 0 : 1;
  c.shown_recall += q.relevant.filter(x => shown.includes(x)).length / rel.size;
  c.shown_first += shown.length && rel.has(shown[0]) ? 1 : 0;
  const shownTop = shown.slice(0, rel.size);
  c.shown_precision += shownTop.length ? shownTop.filter(x => rel.has(x)).length / shownTop.length : 0;
  c.set_precision += found.length ? found.filter(x => rel.has(x)).length / found.length : 0;
  c.shown_set_precision += shown.length ? shown.filter(x => rel.has(x)).length / shown.length : 0;
}
for (const c of Object.values(out)) for (const k of ["recall", "precision", "first", "shown_recall", "shown_precision", "shown_first", "set_precision", "shown_set_precision"]) c[k] = c.judged ? +(c[k] / c.judged).toFixed(3) : null;
console.log(JSON.stringify(out));
