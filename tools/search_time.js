// node tools/search_time.js CLIENT INDEX QUERIES.json: the median milliseconds the site's engine takes from a
// query to its ranked results (and the related block), over every query of the file, each run five times.
const vm = require("vm"), fs = require("fs");
const [client, index, file] = process.argv.slice(2);
const ctx = {}; ctx.globalThis = ctx; vm.createContext(ctx);
vm.runInContext(fs.readFileSync(index, "utf8").replace("window.", "globalThis."), ctx);
vm.runInContext(fs.readFileSync(client, "utf8"), ctx);
const t0 = process.hrtime.bigint();
const engine = new ctx.SiteSearch(ctx.__siteSearchIndex);
const setup = Number(process.hrtime.bigint() - t0) / 1e6;
const times = [];
for (const q of JSON.parse(fs.readFileSync(file, "utf8")).queries) {
  for (let k = 0; k < 5; k++) {
    const t = process.hrtime.bigint();
    engine.related(q.query, engine.search(q.query));
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ setup_ms: +setup.toFixed(1), median_ms: +times[times.length >> 1].toFixed(2),
                             p90_ms: +times[Math.floor(times.length * 0.9)].toFixed(2) }));
