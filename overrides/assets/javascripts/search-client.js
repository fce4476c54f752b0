// The site's search client, loaded by search-script.js when the reader first opens search, with the
// edition's index (window.__siteSearchIndex, written by build_scripts/search_index.py): one document per
// clause with its word boundaries, the alias groups of source/aliases.toml, and what build_scripts/search_terms.py
// derives from the corpus: regional words (網路 → 网络), Latin names (Gwadar → 瓜达尔) and the topics.
//
// A query is folded (NFKC: full-width letters and digits; lower case; no zero-width or name separator · • ・ ‧)
// and split at spaces and punctuation into terms; Latin words that together make a known name stay one term.
// Each term stands for the forms a reader means by it: as typed and in this edition's script; with a regional
// word replaced; with its numbers written the other way (第11次 → 第十一次, 二〇二三年 → 2023年; a number is never
// abbreviated, shortened or cut apart: 第十次 is no 第十一次); a Latin name's Chinese; the terms of an alias group
// it equals, holds or is the start or the abbreviation of (上合 → 上合组织; 新冠病毒 → 新冠, 新型冠状病毒); and,
// where it is no word of the corpus, the phrases it abbreviates (友城 → 友好城市: each character the start of a
// word in a run of words); where no form of it is printed, the corpus's phrases one word away from it (基础建设 →
// 基础设施), and where none is either, a phrase it sounds the same as, typed with a pinyin input method's wrong
// character (国是访问 → 国事访问), before what its words find. A Han form matches only on the index's word
// boundaries (上合 is not in 基础上合作), a Latin one only between non-letters. A query typed in either script finds
// the same: the map converting it holds the characters of the index's tables too, and pairs of characters where
// one is written two ways (收获: 收穫, 获得: 獲得).
// A clause matches when it holds every term; after those, a clause holding every term but one, when its statement
// holds that one in another clause and the terms on both sides are specific (留学生 疫情: the students' clause of
// a statement on the epidemic), said so (inContext()). Results are ranked BM25-style (rare terms, repeated terms,
// short clauses score higher), with a boost when the terms stand as one phrase or close together, in tiers: forms
// as typed first, then expanded forms, then a term found only inside a word, then the words of a term that matches
// nowhere (巴基斯坦反恐 → 巴基斯坦 + 反恐; never single characters); a newer statement only breaks ties. When
// nothing matches, clauses sharing most of the query's character pairs are offered as a looser match, said so.
// When the query names a topic, its other clauses follow as related (related()).
//
// The engine (SiteSearch) has no DOM dependency: tests/test_search.py runs it under Node as well.
(function (root) {
  "use strict";
  var ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
  var NAME_SEPARATOR = /[\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff65\u0387\u16eb\u2e31]/g;  // · • ‧ ∙ ⋅ ・ ･
  var SEPARATOR = /[\s,.;:!?，。、；：？！“”‘’"'（）()《》〈〉【】[\]「」『』…—\/]+/;
  var HAN = /\p{Script=Han}/u;
  var ALNUM = /[a-z0-9]/;
  var LATIN_OR_NOT = /[a-z0-9'\-]*[a-z][a-z0-9'\-]*|[^a-z]+/g;  // a Latin word (a letter in it: 5g, g20), or else
  var LATIN_WORD = /^[a-z0-9'\-]+$/;
  var LIMIT = 100;  // results shown at once; "more" shows the next ones
  // Pinyin typed a syllable or a word at a time: runs of up to PINYIN_RUN words (the longest name has 16 syllables)
  // are tried as one name, in a query of at most PINYIN_QUERY words (more make a sentence, not a name).
  var PINYIN_RUN = 16, PINYIN_QUERY = 24;
  // A reviewed synonym's corpus phrase this long is found wherever a clause prints it, across jieba's cuts (两|国国民|
  // 交往 holds 国民交往; 双边|贸易额 holds 双边贸易); a shorter one only on word boundaries (国航 is not in 两国|航班).
  var PHRASE_ANYWHERE = 4;
  var RUN_MAX = 6, SKIP_MAX = 2, COMBINED = 16;  // an abbreviation's run of words, and the words it may skip in a row
  var K1 = 1.2, B = 0.75;  // BM25's saturation and length normalisation
  var WEIGHT = { exact: 1, regional: 1, numeral: 1, latin: 0.95, alias: 0.85, contains: 0.8, abbreviation: 0.75,
                 shortened: 0.75, synonym: 0.7, sound: 0.7, similar: 0.6, inside: 0.5 };
  var TIER = { exact: 0, regional: 0, numeral: 0, latin: 0, alias: 1, contains: 1, abbreviation: 1, shortened: 1,
               synonym: 1, sound: 1, similar: 1, inside: 2 };

  // Marks on Latin letters (Xí Jìnpíng, Imrān Khān, ü): the tables' Latin forms have none, and a reader's pinyin or
  // transliteration often has, precomposed or not; other scripts keep theirs (a kana's voicing mark is no accent).
  // Only a text holding a marked Latin letter or a combining mark is decomposed: the index's texts are folded a
  // character at a time when it loads, and decomposing every Han character made that half as slow again.
  var LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;
  var MAY_BE_MARKED = /[\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f\u1dc0-\u1dff]/;

  function fold(text) {
    if (MAY_BE_MARKED.test(text)) text = text.normalize("NFKD").replace(LATIN_MARKS, "$1");
    return text.normalize("NFKC").toLowerCase().replace(ZERO_WIDTH, "").replace(NAME_SEPARATOR, "");
  }
  // The text as search compares it, and for each of its characters the offset in the text it came from.
  function folded(text) {
    var out = "", from = [], at = 0;
    for (var ch of text) {
      var f = fold(ch);
      for (var k = 0; k < f.length; k++) { out += f[k]; from.push(at); }
      at += ch.length;
    }
    from.push(text.length);
    return { hay: out, from: from };
  }
  function unique(list) {
    var seen = new Set();
    return list.filter(function (x) { return x && !seen.has(x) && seen.add(x); });
  }
  function isHan(ch) { return HAN.test(ch); }
  function latinKey(text) { return text.replace(/[^a-z0-9]/g, ""); }
  // Does `short` keep `long`'s first and last characters and some of the others, in order (光缆 of 光纤电缆)?
  function shortens(short, long) {
    if (short.length < 2 || short.length >= long.length || short[0] !== long[0] ||
        short[short.length - 1] !== long[long.length - 1]) return false;
    for (var i = 1, j = 1; i < short.length - 1; i++, j++) {
      while (j < long.length - 1 && long[j] !== short[i]) j++;
      if (j >= long.length - 1) return false;
    }
    return true;
  }

  // A number as readers write it either way: Arabic digits, or Chinese numerals (十一, 一百零五, 两千, 二〇二三).
  // A run of them in a term is surely a number where it is Arabic, or holds 十, 百 or 千, or is two numerals or
  // more, or follows 第; a lone 一 or 三 may be a count (七亿) but is most often part of a word (一带一路, 三股势力).
  var NUMERAL_RUN = /第?(?:[0-9]+|[零〇一二两三四五六七八九十百千]+)/g;
  var UNIT = { "十": 10, "百": 100, "千": 1000 };
  var HAN_DIGITS = "零一二三四五六七八九";
  // The numbers a text holds, each [start, end, value] (value NaN where a run is no number); with `lone`, lone
  // numerals too.
  function numbersIn(text, lone) {
    var out = [];
    text.replace(NUMERAL_RUN, function (run, at) {
      var ordinal = run[0] === "第", digits = ordinal ? run.slice(1) : run, value = numeral(digits);
      if (lone || /[0-9]/.test(digits) || /[十百千]/.test(digits) || digits.length >= 2 || ordinal) {
        out.push([at + (ordinal ? 1 : 0), at + run.length, value]);
      }
      return run;
    });
    return out;
  }
  // A number as Chinese or Arabic numerals write it (十二, 二十三, 一百零五, 两千, 二〇二三 digit by digit, 12), or NaN.
  var DIGIT = { "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  function numeral(text) {
    if (/^[0-9]+$/.test(text)) return parseInt(text, 10);
    if (!text) return NaN;
    if (!/[十百千]/.test(text)) {  // digit by digit (二〇二三), or one numeral
      var v = 0;
      for (var ch of text) {
        if (!(ch in DIGIT)) return NaN;
        v = v * 10 + DIGIT[ch];
      }
      return text.length > 1 && /两/.test(text) ? NaN : v;
    }
    var total = 0, digit = null;
    for (var c of text) {
      if (c in UNIT) { total += (digit === null ? 1 : digit) * UNIT[c]; digit = null; }
      else if (c === "零" || c === "〇") digit = digit === null ? null : NaN;
      else if (c in DIGIT && digit === null) digit = DIGIT[c];
      else return NaN;
    }
    return total + (digit || 0);
  }
  // A number written in Chinese numerals as the text writes it: 11 十一, 105 一百零五, 150 一百五十; four digits also
  // digit by digit, as years are (2023 二〇二三, 二零二三). Nothing past 9999.
  function chineseNumerals(n) {
    if (!(n >= 0 && n < 10000)) return [];
    var D = HAN_DIGITS, out = [];
    function upTo99(k, lead) {  // lead: after a hundred or a thousand, 10–19 read 一十…
      if (k < 10) return D[k];
      return (k < 20 && !lead ? "" : D[Math.floor(k / 10)]) + "十" + (k % 10 ? D[k % 10] : "");
    }
    function read(k) {
      if (k < 100) return upTo99(k, false);
      if (k < 1000) {
        var r = k % 100;
        return D[Math.floor(k / 100)] + "百" + (r === 0 ? "" : r < 10 ? "零" + D[r] : upTo99(r, true));
      }
      var rest = k % 1000;
      return D[Math.floor(k / 1000)] + "千" + (rest === 0 ? "" : rest < 100 ? "零" + upTo99(rest, true) : read(rest));
    }
    out.push(read(n));
    if (n >= 1000) {
      var s = String(n);
      out.push(s.replace(/[0-9]/g, function (d) { return "〇一二三四五六七八九"[+d]; }));
      out.push(s.replace(/[0-9]/g, function (d) { return D[+d]; }));
    }
    return out;
  }
  // The term with its numbers written the other way (第11次 → 第十一次, 七十周年 → 70周年, 七亿 → 7亿: a form no
  // clause prints finds nothing, so a lone numeral of a word, 1带1路, costs nothing), at most COMBINED forms; none
  // for a term that is a number alone, which says nothing of what it counts.
  function otherNumerals(term) {
    var numbers = numbersIn(term, true).filter(function (x) { return !isNaN(x[2]); });
    if (!numbers.length || term.replace(NUMERAL_RUN, "") === "") return [];
    var forms = [""], at = 0;
    numbers.forEach(function (x) {
      var typed = term.slice(x[0], x[1]), other = /[0-9]/.test(typed) ? chineseNumerals(x[2]) : [String(x[2])];
      var next = [];
      forms.forEach(function (f) {
        [typed].concat(other).forEach(function (w) { if (next.length < COMBINED) next.push(f + term.slice(at, x[0]) + w); });
      });
      forms = next;
      at = x[1];
    });
    return forms.map(function (f) { return f + term.slice(at); }).filter(function (f) { return f !== term; });
  }
  // Do two texts count the same: the same numbers, in order (第十次 is no 第十一次, 第二十次 no 第二次)?
  function sameNumbers(a, b) {
    var x = numbersIn(a).map(function (n) { return n[2]; }), y = numbersIn(b).map(function (n) { return n[2]; });
    return x.length === y.length && x.every(function (v, k) { return v === y[k]; });
  }

  // A clause label as readers cite it, its numbers as numbers: 第十二条, 第12条 and 第十二條 → {part: 0, n: 12, unit:
  // "条"}; 第一部分第3段 → {part: 1, n: 3, unit: "段"}; 第一部分 → {part: 1, n: null}. null for anything else.
  var LABEL = /^(?:第([0-9零〇一二两三四五六七八九十百]+)部分)?(?:第([0-9零〇一二两三四五六七八九十百]+)(条|段|款))?$/;
  function clauseLabel(text) {
    var m = LABEL.exec(text.replace(/條/g, "条").replace(/兩/g, "两"));  // either script
    if (!m || !(m[1] || m[2])) return null;
    var part = m[1] ? numeral(m[1]) : 0, n = m[2] ? numeral(m[2]) : null;
    return isNaN(part) || (n !== null && isNaN(n)) ? null : { part: part, n: n, unit: m[3] || "" };
  }

  // A name as it sounds, to compare transliterations (Karachi, 卡拉奇 kalaqi, 喀拉蚩 kalachi): consonants only,
  // voiced and voiceless alike, r as l, h, w and y dropped, a leading vowel kept as one mark, doubles merged.
  function skeleton(latin) {
    var s = latin.toLowerCase().replace(/[^a-z]/g, "")
      .replace(/zh|ch|q/g, "j").replace(/sh|x/g, "s").replace(/ph/g, "f").replace(/th/g, "t").replace(/kh|gh|ck/g, "k")
      .replace(/c(?=[aou])/g, "k").replace(/c/g, "s").replace(/ng/g, "n").replace(/[hwy]/g, "")
      .replace(/r/g, "l").replace(/v/g, "f").replace(/p/g, "b").replace(/t/g, "d").replace(/k/g, "g").replace(/s/g, "z");
    s = s.replace(/^[aeiou]+/, "a").replace(/(.)[aeiou]+/g, "$1");
    return s.replace(/(.)\1+/g, "$1");
  }
  function distance(a, b) {
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var prev = row[0];
      row[0] = i;
      for (var k = 1; k <= b.length; k++) {
        var here = row[k];
        row[k] = Math.min(row[k] + 1, row[k - 1] + 1, prev + (a[i - 1] === b[k - 1] ? 0 : 1));
        prev = here;
      }
    }
    return row[b.length];
  }

  function SiteSearch(index) {
    var self = this;
    this.map = index.map || {};
    this.words = new Set(index.words.map(fold));
    this.longest = index.words.reduce(function (n, w) { return Math.max(n, w.length); }, 1);
    this.groups = index.aliases.map(function (g) { return unique(g.map(fold)); });
    this.regional = Object.keys(index.regional || {}).sort(function (a, b) { return b.length - a.length; })
      .map(function (k) { return [fold(k), fold(index.regional[k])]; });
    this.latin = {};
    Object.keys(index.latin || {}).forEach(function (k) { self.latin[k] = index.latin[k].map(fold); });
    this.persons = {};
    Object.keys(index.persons || {}).forEach(function (k) { self.persons[fold(k)] = index.persons[k].map(fold); });
    this.synonyms = {};
    Object.keys(index.synonyms || {}).forEach(function (k) { self.synonyms[fold(k)] = index.synonyms[k].map(fold); });
    var newest = index.statements.map(function (s, i) { return i; })
      .sort(function (a, b) { return index.statements[b][0] < index.statements[a][0] ? -1 : 1; });
    var rank = {};
    newest.forEach(function (s, r) { rank[s] = r; });
    this.docs = index.docs.map(function (d, i) {
      var s = index.statements[d[0]], f = folded(d[3]);
      var cuts = new Set([0, d[3].length]), at = 0;
      (d[4] || []).forEach(function (gap) { at += gap; cuts.add(at); });
      var parts = new Set(), at2 = 0;
      (d[5] || []).forEach(function (gap) { at2 += gap; parts.add(at2); });
      var bound = new Uint8Array(f.hay.length + 1), morph = new Uint8Array(f.hay.length + 1);
      for (var j = 0; j <= f.hay.length; j++) {
        var first = j === 0 || f.from[j - 1] !== f.from[j];
        bound[j] = cuts.has(f.from[j]) && first ? 1 : 0;
        morph[j] = bound[j] || (parts.has(f.from[j]) && first) ? 1 : 0;
      }
      return { position: i, recency: rank[d[0]], slug: s[0], date: s[1], place: s[2], title: s[3], anchor: d[1],
               label: d[2], cited: clauseLabel(fold(d[2])), text: d[3], hay: f.hay, from: f.from, bound: bound,
               morph: morph };
    });
    this.syllable = {};
    this.sounds = new Set(Object.keys(index.sounds || {}));
    Object.keys(index.sounds || {}).forEach(function (py) {
      for (var ch of index.sounds[py]) if (!(ch in self.syllable)) self.syllable[ch] = py;
    });
    // [skeleton, name as printed, its syllables (negative: heard through its Latin name), not for a Chinese query,
    // its pinyin or Latin key]. A Chinese query is heard only as a transliteration: a name one of whose Latin forms
    // (not its own pinyin) sounds like it (卡拉奇 Karachi, 侯赛因 Hussain, 伊斯兰堡 Islamabad). A translated name
    // (东盟 ASEAN, 数字走廊, 三峡, 中国共产党) sounds like other words, never like another spelling of itself.
    var keysOf = {};
    Object.keys(this.latin).forEach(function (k) {
      self.latin[k].forEach(function (name) { (keysOf[name] = keysOf[name] || []).push(k); });
    });
    var spoken = new Set();
    this.names = new Set((index.names || []).map(fold));
    this.groups.forEach(function (group) { group.forEach(function (member) { self.names.add(member); }); });
    this.heard = [];
    (index.names || []).forEach(function (name) {
      var n = fold(name), py = self.pinyin(n);
      if (!py) return;
      var sk = skeleton(py), transliterated = (keysOf[n] || []).some(function (k) {
        // not a pinyin spelling (Changjiang, Xinjiang for 涉疆): that says nothing of its sound. Three sounds must
        // agree (Karachi, kalaqi: g-l-j); longer ones, but for one in three (Islamabad, yisilanbao)
        var ks = skeleton(k), d = distance(ks, sk), most = Math.max(ks.length, sk.length);
        return !self.syllables(k, n.length) && ks[0] === sk[0] && (d === 0 || (most >= 4 && d <= Math.floor(most / 3)));
      });
      if (transliterated) spoken.add(n);
      self.heard.push([sk, n, n.length, !transliterated, py]);
    });
    Object.keys(this.latin).forEach(function (k) {
      self.latin[k].forEach(function (name) { self.heard.push([skeleton(k), name, -name.length, !spoken.has(name), k]); });
    });
    this.longestLatin = Object.keys(this.latin).reduce(function (n, k) { return Math.max(n, k.length); }, 0);
    this.averageLength = this.docs.reduce(function (n, d) { return n + d.hay.length; }, 0) / (this.docs.length || 1);
    this.topics = (index.topics || []).map(function (t) {
      return { name: t[0], keys: unique([t[0]].concat(t[1]).map(fold)), docs: t[2], readers: unique((t[3] || []).map(fold)) };
    });
  }

  SiteSearch.prototype.toScript = function (text) {  // a pair of characters the map holds first (收获: 收穫, not 獲)
    var out = "", chars = Array.from(text);
    for (var i = 0; i < chars.length; i++) {
      var two = i + 1 < chars.length && this.map[chars[i] + chars[i + 1]];
      if (two) { out += two; i++; } else out += this.map[chars[i]] || chars[i];
    }
    return out;
  };

  // The query's terms: split at spaces and punctuation, and where a Latin word meets Chinese with no space (a
  // reader switching input method: imran khan总理, cpec项目; digits stay where they stand: 2018年, covid-19疫情);
  // Latin words that make a known name together stay one, and so do pinyin syllables or words typed apart that
  // together sound like a name of the corpus (yi dai yi lu, Yidai Yilu: 一带一路; gua da er: 瓜达尔).
  SiteSearch.prototype.terms = function (query) {
    var self = this;
    // "&" standing between Latin words is "and" (Belt & Road: belt and road; R&D keeps its own). A symbol at the
    // edge of a word, or standing alone, is no part of it (~瓜达尔港~, #CPEC, →).
    var parts = fold(String(query)).replace(/([a-z0-9])\s+&\s+(?=[a-z0-9])/g, "$1 and ").split(SEPARATOR)
      .flatMap(function (p) { return p.match(LATIN_OR_NOT) || []; })
      .map(function (p) { return p.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, ""); }).filter(Boolean);
    var out = [], pinyin = parts.length <= PINYIN_QUERY;  // a query of more words is no name typed in pinyin
    for (var i = 0; i < parts.length; i++) {
      var joined = null, end = i + 1, latin = LATIN_WORD.test(parts[i]), syllables = latin && pinyin && this.syllables(parts[i]);
      // the run grows while its letters may still make a name of the table or its words may be a name's syllables;
      // the longest run that makes one is kept
      for (var j = i + 2; latin && j <= parts.length && LATIN_WORD.test(parts[j - 1]); j++) {
        var run = parts.slice(i, j), key = latinKey(run.join(""));
        syllables = syllables && j - i <= PINYIN_RUN && this.syllables(parts[j - 1]);
        if (key.length > this.longestLatin && !syllables) break;
        if (this.latin[key]) {
          joined = run.join(" ");
          end = j;
        } else if (syllables && this.soundsLike(key).length) {
          joined = key;
          end = j;
        }
      }
      out.push(joined || parts[i]);
      i = end - 1;
    }
    return out;
  };

  // A Han run cut into the index's words, longest first; what is no word stays a single character.
  // With `meant`, a reader's word that has reviewed synonyms is a word too (太空 of 太空合作: 空间).
  SiteSearch.prototype.cut = function (run, meant) {
    var out = [], synonyms = meant ? this.synonyms : {};
    for (var i = 0; i < run.length;) {
      var j = Math.min(run.length, i + this.longest);
      while (j > i + 1 && !this.words.has(run.slice(i, j)) && !synonyms[run.slice(i, j)]) j--;
      out.push(run.slice(i, j));
      i = j;
    }
    return out;
  };

  // A compound no clause prints, with a reviewed synonym in place of a word of it (气候变迁 → 气候变化, 太空合作 →
  // 航天合作): the term cut into the corpus's words and the synonyms' words, longest first; at most COMBINED forms.
  SiteSearch.prototype.recomposed = function (term) {
    var self = this;
    if (term.length < 3 || !isHan(term[0]) || this.words.has(term)) return [];
    var pieces = [];
    for (var i = 0; i < term.length;) {
      var j = Math.min(term.length, i + this.longest);
      while (j > i + 1 && !this.words.has(term.slice(i, j)) && !this.synonyms[term.slice(i, j)]) j--;
      pieces.push(term.slice(i, j));
      i = j;
    }
    if (pieces.length < 2) return [];
    var forms = [""];
    pieces.forEach(function (piece) {
      var options = [piece].concat(self.synonyms[piece] || []);
      forms = [].concat.apply([], forms.map(function (f) { return options.map(function (o) { return f + o; }); }))
        .slice(0, COMBINED);
    });
    return forms.filter(function (f) { return f !== term; });
  };

  // The reviewed reader's terms a term no clause prints stands for, as the alias groups' terms are found: the start
  // of one, on a word boundary (太阳光电 of 太阳光电系统: the rest, 系统, a word of the corpus), or its shortening,
  // keeping its first and last characters and the others in order (姊妹市 of 姊妹城市).
  SiteSearch.prototype.readerTerms = function (term) {
    var self = this;
    if (term.length < 3 || !isHan(term[0]) || this.words.has(term) || this.synonyms[term]) return [];
    return Object.keys(this.synonyms).filter(function (r) {
      if (r.length > term.length + 1 && r.indexOf(term) === 0) return self.words.has(r.slice(term.length));
      return r.indexOf(term) !== 0 && shortens(term, r);
    });
  };

  // The forms a term stands for: [{form, kind}], best first.
  SiteSearch.prototype.forms = function (term) {
    var self = this, out = [];
    var typed = unique([term, this.toScript(term)]);
    typed.forEach(function (t) { out.push({ form: t, kind: "exact" }); });
    typed.forEach(function (t) {
      self.regional.forEach(function (pair) {
        if (t.indexOf(pair[0]) >= 0) out.push({ form: t.split(pair[0]).join(pair[1]), kind: "regional" });
      });
    });
    typed.forEach(function (t) {  // its numbers written the other way
      otherNumerals(t).forEach(function (f) { out.push({ form: f, kind: "numeral" }); });
    });
    var key = latinKey(term);
    if (key && /^[a-z0-9 '.\-]+$/.test(term) && this.latin[key]) {
      this.latin[key].forEach(function (name) { out.push({ form: name, kind: "latin" }); });
    }
    typed.forEach(function (t) {  // a word of the corpus that abbreviates what the reader typed in full
      self.shortenings(self.regionalForm(t)).forEach(function (w) { out.push({ form: w, kind: "shortened" }); });
    });
    unique(out.map(function (f) { return f.form; })).forEach(function (t) {  // 夏巴兹谢里夫 → 夏巴兹 (总理)
      (self.persons[t] || []).forEach(function (part) { out.push({ form: part, kind: "alias" }); });
    });
    // what follows reads the forms in the edition's script: a form typed in the other one is there converted, and
    // it alone would find what the term typed in this script does not (兩國間 is printed nowhere on the 简体 site)
    var bases = unique(out.map(function (f) { return f.form; })).filter(function (t) { return t === self.toScript(t); });
    bases.forEach(function (t) {  // a reviewed near-synonym of a word the corpus prints (瘟疫 → 疫病)
      (self.synonyms[t] || []).forEach(function (word) { out.push({ form: word, kind: "synonym" }); });
      self.recomposed(t).forEach(function (form) { out.push({ form: form, kind: "synonym" }); });
      self.readerTerms(t).forEach(function (r) {  // the term itself, where a clause prints it, and its synonyms
        [r].concat(self.synonyms[r]).forEach(function (word) { out.push({ form: word, kind: "synonym" }); });
      });
    });
    // the alias groups read a reviewed synonym as the word it stands for, as if the reader had typed that (水灾 →
    // 洪灾 → 洪涝灾害, 洪水; 2019冠状病毒病 → 新冠肺炎, which holds 新冠 → 新型冠状病毒), found as a synonym is
    var meant = new Set(out.filter(function (f) { return f.kind === "synonym"; }).map(function (f) { return f.form; }));
    this.groups.forEach(function (group) {
      bases.concat(Array.from(meant)).forEach(function (t) {
        function add(form, kind) { out.push({ form: form, kind: meant.has(t) ? "synonym" : kind }); }
        group.forEach(function (member) {
          if (t === member) {
            group.forEach(function (other) { if (other !== member) add(other, "alias"); });
          } else if (member.length >= 2 && self.holds(t, member)) {  // 中巴经济走廊联委会 → …联合合作委员会
            group.forEach(function (other) { if (other !== member) add(t.split(member).join(other), "alias"); });
          } else if (t.length >= 2 && (member.indexOf(t) === 0 || self.abbreviates(t, self.cut(member)))) {
            group.forEach(function (other) { add(other, "contains"); });  // 上合 → 上合组织
          }
        });
      });
    });
    var seen = new Set();
    return out.filter(function (f) { return !seen.has(f.form) && seen.add(f.form); });
  };

  // The corpus's words that abbreviate a term no clause prints, keeping its first and last characters and
  // others in order (光纤电缆 → 光缆, 快速道路 → 快速路, 水力发电 → 水电): found where they begin a word or a part.
  // A full form is two words of two characters or more: a word of three keeping its first and last characters in
  // a shorter one is another word (总经理 is no 总理, 三十年 no 三年).
  SiteSearch.prototype.shortenings = function (term) {
    if (term.length < 4 || !isHan(term[0]) || this.words.has(term)) return [];
    var out = [];
    this.words.forEach(function (w) { if (shortens(w, term) && sameNumbers(w, term)) out.push(w); });
    return out;
  };

  // Is `latin` pinyin: syllables of the index's table run together, `count` of them when given (xinjiang: xin
  // jiang; yidai, zoulang)?
  SiteSearch.prototype.syllables = function (latin, count) {
    var known = this.sounds, counts = [new Set([0])];  // counts[at]: how many syllables can end at `at`
    for (var at = 1; at <= latin.length; at++) {
      counts.push(new Set());
      for (var len = 1; len <= 6 && len <= at; len++) {
        if (known.has(latin.slice(at - len, at))) counts[at - len].forEach(function (n) { counts[at].add(n + 1); });
      }
    }
    return count === undefined ? counts[latin.length].size > 0 : counts[latin.length].has(count);
  };

  // A Han term's pinyin, toneless and run together; null if a character is not in the index's table.
  SiteSearch.prototype.pinyin = function (term) {
    var out = "";
    for (var ch of term) {
      if (!(ch in this.syllable)) return null;
      out += this.syllable[ch];
    }
    return out;
  };

  // The corpus's names a term no clause holds sounds like: a transliteration other than the text's (喀拉蚩 →
  // 卡拉奇; 伊斯蘭馬巴德 → Islamabad → 伊斯兰堡), or a name typed in Latin letters the name table lacks
  // (Karot → 卡洛特). Three sounds or more, the same first sound, up to one difference in six,
  // and two Chinese spellings a syllable apart at most (气候变迁 is not 长江).
  SiteSearch.prototype.soundsLike = function (term) {
    var latin = /^[a-z ]+$/.test(term), py = latin ? term : isHan(term[0]) && term.length >= 3 && this.pinyin(term);
    if (!py) return [];
    var key = skeleton(py), syllables = latin ? 0 : term.length, letters = latin ? latinKey(py) : py;
    // the same syllables, character for character, as a name the text prints: a homophone slip of it (塔里班 for
    // 塔利班, 阿富汉 for 阿富汗, 习进平 for 习近平, 拉合儿 for 拉合尔), whatever kind of name it is
    var slip = syllables ? this.heard.filter(function (h) { return h[2] === syllables && h[4] === py; }) : [];
    if (slip.length || key.length < 3) return unique(slip.map(function (h) { return h[1]; }));
    return unique(this.heard.filter(function (h) {
      var most = Math.floor(Math.max(h[0].length, key.length) / 6);
      // heard through its Latin name, a Chinese spelling may be two syllables longer (伊斯兰马巴德, 伊斯兰堡)
      var apart = h[2] > 0 ? Math.abs(h[2] - syllables) > 1 : Math.abs(h[2] + syllables) > 2;
      if (h[0][0] !== key[0] || (syllables && (h[3] || apart))) return false;
      if (Math.abs(h[0].length - key.length) > most || distance(h[0], key) > most) return false;
      // Consonants alone are too few to tell names from words (遥测卫星 and 侯赛因 are both a-z-n; space and CPEC
      // s-b-z): the letters too differ by a third at most, a Latin query's from the name's Latin form or pinyin
      // (karachy, karachi), a Chinese query's pinyin from the name's pinyin (kalachi, kalaqi); a Chinese query
      // heard through a Latin form has four sounds or more (伊斯兰马巴德, Islamabad).
      if (syllables && h[2] < 0) return key.length >= 4;
      return distance(letters, h[4]) <= Math.floor(Math.max(letters.length, h[4].length) / 3);
    }).map(function (h) { return h[1]; }));
  };

  // Where the clauses print a phrase that sounds as a term no clause prints, syllable for syllable: a slip of a
  // pinyin input method, which offers every character of a sound (国是访问 for 国事访问, 经济走郎 for 经济走廊).
  // Three characters or more, half of them or more as printed, the others each in a word of two characters or more;
  // the phrase on the clause's word boundaries (or its words' parts'): {doc position: [[start, end], …]}.
  SiteSearch.prototype.homophones = function (term) {
    var self = this, chars = Array.from(term), n = term.length, found = {};
    function inWord(doc, at) {  // a character of a word of two or more: no 是 of 发展|是 for 发展史
      var from = at, to = at + 1;
      while (from > 0 && !doc.bound[from]) from--;
      while (to < doc.hay.length && !doc.bound[to]) to++;
      return to - from >= 2;
    }
    if (chars.length !== n || n < 3 || !isHan(term[0])) return found;
    if (!chars.every(function (ch) { return ch in self.syllable; })) return found;
    this.docs.forEach(function (doc) {
      var hay = doc.hay, tried = new Set(), spans = [];
      chars.forEach(function (ch, k) {  // each window holding a character of the term where the term has it
        for (var at = hay.indexOf(ch); at >= 0; at = hay.indexOf(ch, at + 1)) {
          var i = at - k;
          if (i < 0 || i + n > hay.length || tried.has(i) || !doc.morph[i] || !doc.morph[i + n]) continue;
          tried.add(i);
          var same = 0, heard = true;
          for (var j = 0; j < n && heard; j++) {
            if (hay[i + j] === chars[j]) same++;
            else heard = self.syllable[hay[i + j]] === self.syllable[chars[j]] && inWord(doc, i + j);
          }
          if (heard && same * 2 >= n && same < n) spans.push([i, i + n]);
        }
      });
      if (spans.length) found[doc.position] = spans.sort(function (a, b) { return a[0] - b[0]; });
    });
    return found;
  };

  // Does `text` hold `part` as a whole word (a Latin word between non-letters, a Han run anywhere)?
  SiteSearch.prototype.holds = function (text, part) {
    for (var at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      var end = at + part.length;
      var before = at > 0 && ALNUM.test(text[at - 1]) && ALNUM.test(part[0]);
      var after = end < text.length && ALNUM.test(text[end]) && ALNUM.test(part[part.length - 1]);
      if (!before && !after) return true;
    }
    return false;
  };

  // Is `term` an abbreviation of a run of words, as Chinese abbreviates: each character the start of a word in
  // order, or the second of a two-character word after the first (亚投行: 亚洲 基础设施 投资 银行), up to two words
  // skipped between them, the run starting with the term's first character in a word of two or more and at most
  // RUN_MAX words long (友城: 友好 城市; 巴总理: 巴基斯坦 总理; 联大: 联合国 大会)?
  SiteSearch.prototype.abbreviates = function (term, words) {
    return this.abbreviationAt(term, words, 0) >= 0;
  };
  SiteSearch.prototype.abbreviationAt = function (term, words, i) {
    if (!isHan(term[0]) || words.length - i < 2 || words[i].length < 2 || words[i][0] !== term[0]) return -1;
    var t = 0, w = i, skipped = 0;
    while (t < term.length && w < words.length && w - i < RUN_MAX) {
      var word = words[w], n = 0;
      if (!isHan(word[0])) return -1;  // punctuation or a Latin word ends the phrase
      while (n < word.length && t < term.length && word[n] === term[t]) { n++; t++; }
      if (!n && t > 0 && word.length === 2 && word[1] === term[t]) { n = 1; t++; }
      if (!n) {
        if (t === 0 || ++skipped > SKIP_MAX) return -1;
      } else {
        skipped = 0;
      }
      w++;
    }
    return t === term.length && w - i >= 2 ? w : -1;
  };

  // Where a form stands in a clause, on the clause's word boundaries: [[start, end], …] in its folded text.
  SiteSearch.prototype.occurrences = function (doc, form, inside, parts) {
    var out = [];
    for (var at = doc.hay.indexOf(form); at >= 0; at = doc.hay.indexOf(form, at + 1)) {
      var end = at + form.length;
      if (inside || this.aligned(doc, at, end, parts)) out.push([at, end]);
    }
    return out;
  };
  // On the clause's word boundaries (with `parts`, a word's parts' too: 水电 in 水电|站).
  SiteSearch.prototype.aligned = function (doc, at, end, parts) {
    var hay = doc.hay, edge = parts ? doc.morph : doc.bound;
    var first = hay[at], last = hay[end - 1];
    if (isHan(first) ? !edge[at] : at > 0 && ALNUM.test(first) && ALNUM.test(hay[at - 1])) return false;
    if (isHan(last) ? !edge[end] : end < hay.length && ALNUM.test(last) && ALNUM.test(hay[end])) return false;
    return true;
  };
  // The runs of words in a clause a term abbreviates, as Chinese abbreviates: its characters in order, the first
  // at the start of a word of two characters or more, the others at the start of a word or of a word's part (博览|会, as jieba cuts a word it did not know whole), each next one
  // right after the one before or at the start of a part, the last one may end a word (进博会: 进口 博览会;
  // 亚信会议: 亚洲 相互 协作 与 信任 措施 会议), within one phrase and four characters per character typed,
  // skipping at most `skip` words of two characters or more in a row: [[start, end], …], each run to the end of
  // its last word.
  SiteSearch.prototype.abbreviations = function (doc, term, skip) {
    var out = [], hay = doc.hay;
    for (var s = hay.indexOf(term[0]); s >= 0; s = hay.indexOf(term[0], s + 1)) {
      if (!doc.bound[s] || doc.bound[s + 1] || !isHan(hay[s])) continue;  // a word of two characters or more
      var t = 1, last = s, starts = 0, pos = s + 1, passed = 0;
      for (; t < term.length && pos < hay.length && pos - s < 4 * term.length; pos++) {
        var ch = hay[pos];
        if (!isHan(ch)) break;  // punctuation or a Latin word ends the phrase
        // Two characters abbreviate two words in a row (友城: 友好 城市; 外长: 外交 部长): any two characters stand
        // in order somewhere in a phrase (中学: 中国 是 巴基斯坦 学生), so with words between they are no abbreviation.
        if (doc.bound[pos] && ++passed > 1 && term.length === 2) break;
        var single = doc.bound[pos] && doc.bound[pos + 1];
        if (doc.bound[pos] && !single) starts++;  // a one-character word (与, 的) is no word skipped
        if (starts > skip + 1) break;
        var skipped = single ? starts : Math.max(0, starts - 1);  // the words passed over since the last match
        if (ch === term[t] && skipped <= skip &&
            (pos === last + 1 || doc.morph[pos] || (t === term.length - 1 && doc.bound[pos + 1]))) {
          t++;
          last = pos;
          starts = 0;
        }
      }
      if (t < term.length || last - s + 1 === term.length) continue;  // not all there, or printed as typed
      var end = last + 1;
      while (end < hay.length && !doc.bound[end]) end++;
      if (sameNumbers(hay.slice(s, end), term)) out.push([s, end]);
    }
    return out;
  };

  // The corpus's phrases next to a term no clause prints: as long, on word boundaries, the same but for one run of
  // characters, where the clause's run has a character the term's has, moved (基础建设 → 基础设施, 信息通信科技 →
  // 信息通信技术, 高品质发展 → 高质量发展; not 初等教育 → 高等教育, where 等 stands where it stood, nor 一心一意 →
  // 一致同意): a regional or everyday form of a fixed phrase keeps most of it. Half the term, and two characters,
  // stay as typed, and what stays must be specific: a word of it in under a tenth of the clauses (基础), or the frame
  // it makes, varied there in under a tenth of them (高…发展); 军事合作 is no 事务合作: 合作 is everywhere. A name of
  // the corpus (the name table's, an alias group's) sharing a stem of four characters or more, two thirds of the
  // term, is found whatever word ends it (南亚区域合作协会 → 南亚区域合作联盟, 国际原子能总署 → 国际原子能机构; but
  // 中巴友谊公路 is no 中巴友谊免受); the other names of a name found are found too (南盟).
  SiteSearch.prototype.neighbours = function (term) {
    var self = this, n = term.length, found = [], shapes = {}, held = {};
    if (n < 4 || !/^\p{Script=Han}+$/u.test(term)) return [];
    function rare(part) {  // what stays as typed carries the match only if under a tenth of the clauses hold it
      if (part.length < 2) return false;
      if (!(part in held)) held[part] = self.docs.filter(function (d) { return d.hay.indexOf(part) >= 0; }).length;
      return held[part] * 10 < self.docs.length;
    }
    this.docs.forEach(function (doc) {
      var hay = doc.hay, starts = new Set();
      for (var a = hay.indexOf(term[0]); a >= 0; a = hay.indexOf(term[0], a + 1)) starts.add(a);
      for (var z = hay.indexOf(term[n - 1]); z >= 0; z = hay.indexOf(term[n - 1], z + 1)) starts.add(z - n + 1);
      starts.forEach(function (at) {
        if (at < 0 || at + n > hay.length || !doc.bound[at] || !doc.bound[at + n]) return;
        var span = hay.slice(at, at + n), i = 0, j = n;
        if (span === term || !/^\p{Script=Han}+$/u.test(span) || !sameNumbers(span, term)) return;
        while (span[i] === term[i]) i++;
        while (span[j - 1] === term[j - 1]) j--;
        if (n - (j - i) < Math.max(2, Math.ceil(n / 2))) return;
        var shape = i + ":" + j, theirs = span.slice(i, j);
        (shapes[shape] = shapes[shape] || new Set()).add(doc.position);  // the clauses varying the term there
        var moved = Array.from(term.slice(i, j)).some(function (ch) { return theirs.indexOf(ch) >= 0; });
        while (i > 0 && !doc.morph[at + i]) i--;  // the clause's word parts holding the run
        while (j < n && !doc.morph[at + j]) j++;
        var kept = n - (j - i);
        var stem = kept >= 4 && kept * 3 >= n * 2 && self.names.has(span);
        if (j - i >= 2 && (moved || stem)) {
          found.push([span, shape, rare(term.slice(0, i)) || rare(term.slice(j)), doc.position, at]);
        }
      });
    });
    // what stays as typed is specific, on its own or as a frame (高…发展: few clauses vary 高品质发展 there)
    var out = {};
    found.forEach(function (f) {
      if (!f[2] && shapes[f[1]].size * 10 >= self.docs.length) return;
      var where = out[f[0]] = out[f[0]] || {};
      (where[f[3]] = where[f[3]] || []).push([f[4], f[4] + n]);
    });
    return out;  // {phrase: {clause position: [[start, end], …]}}: where each stands, found as it was looked for
  };


  // How a term matches each clause: {doc position: {kind, spans}}, the best kind of form it holds.
  SiteSearch.prototype.match = function (term, literal) {
    var self = this, forms = this.forms(term), found = {};
    function note(doc, kind, spans) {
      var had = found[doc.position];
      if (!spans.length || (had && WEIGHT[had.kind] >= WEIGHT[kind])) return;
      found[doc.position] = { kind: kind, spans: spans };
    }
    this.docs.forEach(function (doc) {
      forms.forEach(function (f) {
        var anywhere = f.kind === "synonym" && f.form.length >= PHRASE_ANYWHERE;
        note(doc, f.kind, self.occurrences(doc, f.form, anywhere, f.kind === "shortened"));
      });
    });
    // Abbreviations are short. A word the corpus prints may abbreviate too, of words in a row only (电商: 电子 商务;
    // not 维和 in 维护 地区 和).
    var known = this.words.has(this.toScript(term)) || this.words.has(term), printed = Object.keys(found).length > 0;
    if (term.length >= 2 && term.length <= 6 && isHan(term[0])) {
      var short = this.regionalForm(this.toScript(term));
      this.docs.forEach(function (doc) { note(doc, "abbreviation", self.abbreviations(doc, short, known ? 0 : SKIP_MAX)); });
    }
    var plain = this.regionalForm(this.toScript(term));
    if (!printed && !literal && !this.heldGroup(term)) {  // no form of it printed: the corpus's phrases next to it
      var near = this.neighbours(plain);
      Object.keys(near).forEach(function (phrase) {
        Object.keys(near[phrase]).forEach(function (k) { note(self.docs[k], "similar", near[phrase][k]); });
      });
      this.groups.forEach(function (group) {  // and the other names of a name it finds (南亚区域合作联盟: 南盟)
        if (!group.some(function (member) { return near[member]; })) return;
        group.filter(function (member) { return !near[member]; }).forEach(function (other) {
          self.docs.forEach(function (doc) { note(doc, "similar", self.occurrences(doc, other)); });
        });
      });
    }
    var words = isHan(plain[0]) && this.cut(plain).every(function (w) { return w.length >= 2; });
    if (!Object.keys(found).length && !words) {  // found nowhere, and no word of the corpus: a name it sounds like
      this.soundsLike(plain).forEach(function (name) {  // and who it names, as the name typed right does (夏立夫 →
        [name].concat(self.persons[name] || []).forEach(function (n) {  // 谢里夫: 夏巴兹 and 纳瓦兹 too)
          self.docs.forEach(function (doc) { note(doc, "sound", self.occurrences(doc, n)); });
        });
      });
    }
    if (!Object.keys(found).length) {  // a phrase of the corpus it sounds the same as, typed with the wrong characters
      var heard = this.homophones(plain);
      Object.keys(heard).forEach(function (k) { note(self.docs[k], "sound", heard[k]); });
    }
    if (!Object.keys(found).length) {  // the term stands nowhere on a word boundary: inside a word, then
      this.docs.forEach(function (doc) {
        forms.forEach(function (f) { if (f.form.length >= 2) note(doc, "inside", self.occurrences(doc, f.form, true)); });
      });
    }
    return found;
  };

  // [{doc, hits, tier, loose}] for the query, best first.
  // With `literal`, no term stands for the corpus's phrases next to it (neighbours); `known`, the matches of the
  // search that was not literal, of which those that found no such phrase are the same.
  SiteSearch.prototype.search = function (query, literal, known) {
    var self = this, guessed = false;
    function near(m) { return Object.keys(m).some(function (k) { return m[k].kind === "similar"; }); }
    var terms = this.terms(query);
    if (!terms.length) return [];
    var cited = this.cited(terms);
    if (cited) return cited;
    var required = [], optional = [], meant = [], fallback = false, partial = false, seen = {}, words = {};
    function word(w) { return words[w] || (words[w] = self.match(w)); }  // a word of a cut term, matched once too
    terms.forEach(function (t) {
      // a term is matched once: typed twice, or found the same way without the phrases next to it
      var m = seen[t] || (seen[t] = known && !near(known[t]) ? known[t] : self.match(t, literal));
      guessed = guessed || near(m);
      if (self.found(m, false)) { required.push(m); return; }
      var group = self.heldGroup(t);
      if (group) {  // 巴基斯坦反恐 holds 反恐: the group's terms, and what stands around them where it matches
        required.push(self.matchForms(group.members.map(function (f) { return { form: f, kind: "contains" }; })));
        group.rest.forEach(function (r) { var mr = self.match(r); if (self.found(mr, true)) optional.push(mr); });
        return;
      }
      if (self.found(m, true)) { required.push(m); return; }
      // a term that matches nowhere: the index's words it is made of (two characters or more) in its place
      fallback = true;
      self.regionalForm(self.toScript(t)).split(/(\p{Script=Han}+)/u).filter(Boolean).forEach(function (run) {
        (isHan(run[0]) ? self.cutKeepingNumbers(run) : [run]).forEach(function (w) {
          if (w.length < 2) partial = true;
          else if (self.words.has(w) || !isHan(w[0])) required.push(word(w));
          else meant.push(word(w));  // a reader's word known by its synonyms (太空: 空间): wanted, not required
        });
      });
    });
    var results = [];
    if (!required.length && meant.length) { required = meant; meant = []; }  // 太空 alone: its synonyms required
    if (required.length && required.every(function (m) { return self.found(m, true); })) {
      results = this.rank(required.concat(meant, optional), fallback);
      if (!results.length && optional.length) results = this.rank(required.concat(meant), fallback);
      if (!results.length && !partial) results = this.withoutGeneric(required, meant, fallback);
      if (!results.length && meant.length) {  // no clause holds the synonyms too: the words it printed, said so
        results = this.rank(required, fallback);
        partial = true;
      }
      // Words left of a term that lost characters find what it means only when they are specific: kept words
      // matching a tenth of the clauses or more (合作 of 太空合作) find everything but it, said to be looser.
      if (partial && results.length * 10 >= this.docs.length) results.forEach(function (r) { r.loose = true; r.tier = 4; });
    }
    if (!results.length) {  // a term found nowhere (an English word the name table lacks): the others, said so
      var known = required.filter(function (m) { return self.found(m, true); });
      if (known.length && known.length < required.length) {
        results = this.rank(known, true).map(function (r) { r.loose = true; r.tier = 4; return r; });
      }
    }
    if (!fallback && terms.length >= 2 && results.every(function (r) { return !r.loose; })) {
      var had = new Set(results.map(function (r) { return r.doc.position; }));
      this.inContext(required).forEach(function (r) { if (!had.has(r.doc.position)) results.push(r); });
    }
    if (!results.length) results = this.coordinated(required.concat(meant));
    if (guessed && results.length && !results[0].loose) {  // a phrase next to a term is a guess: what the term's
      var shown = new Set(results.map(function (r) { return r.doc.position; }));  // words find follows it
      this.search(query, true, seen).forEach(function (r) {
        if (!r.loose && !shown.has(r.doc.position)) results.push(Object.assign(r, { tier: Math.max(r.tier, 3) }));
      });
    }
    return results.length ? results : this.loose(terms);
  };

  // A clause cited by its label (第十二条, 第12条, 第一部分第3段, 第一部分), or several cited together (第十二条 第十三条,
  // 第十二条、第十三条), with at most a year or a statement's date beside them (2022年 第十二条): the clauses so
  // labelled, a label's before the next one's as they were typed, and of one label those of the same kind of label
  // first (条 before 段), the newest statement first; null when no term is a label, or another term is neither, or no
  // clause is so labelled.
  SiteSearch.prototype.cited = function (terms) {
    var labels = [], years = [], docs = this.docs;
    for (var k = 0; k < terms.length; k++) {
      var m = /^([0-9]{4})年?(.*)$/.exec(terms[k]), rest = m ? m[2] : terms[k], l = rest && clauseLabel(rest);
      if (m) years.push(m[1]);
      if (l) labels.push(l);
      else if (rest) return null;
    }
    var seen = new Set(), found = [];
    labels.forEach(function (label, k) {  // a clause two labels name is listed under the first
      docs.forEach(function (d) {
        var c = d.cited;
        if (!c || seen.has(d.position) || c.part !== label.part || (label.n !== null && c.n !== label.n) ||
            (years.length && years.indexOf(d.slug.slice(0, 4)) < 0)) return;
        seen.add(d.position);
        found.push({ doc: d, hits: [], tier: 2 * k + (!label.unit || c.unit === label.unit ? 0 : 1), score: 0, loose: false });
      });
    });
    if (!found.length) return null;
    return found.sort(function (a, b) { return a.tier - b.tier || a.doc.recency - b.doc.recency || a.doc.position - b.doc.position; });
  };

  // A Han run cut into the index's words (cut(run, true)), its numbers kept whole with their 第: 第十二次 is 第十二 次,
  // never 第十 二 次, whose 第十 stands in 第十一次.
  SiteSearch.prototype.cutKeepingNumbers = function (run) {
    var self = this, out = [], at = 0;
    numbersIn(run).forEach(function (x) {
      var start = run[x[0] - 1] === "第" ? x[0] - 1 : x[0];
      if (start > at) out = out.concat(self.cut(run.slice(at, start), true));
      out.push(run.slice(start, x[1]));
      at = x[1];
    });
    return at < run.length ? out.concat(this.cut(run.slice(at), true)) : out;
  };

  // A term with every regional word in it replaced by the corpus's (專案合作 → 項目合作).
  SiteSearch.prototype.regionalForm = function (term) {
    this.regional.forEach(function (pair) { term = term.split(pair[0]).join(pair[1]); });
    return term;
  };

  SiteSearch.prototype.found = function (m, inside) {
    return Object.keys(m).some(function (k) { return inside || m[k].kind !== "inside"; });
  };

  // The longest alias term a query term holds as a word, its group, and what stands around it.
  SiteSearch.prototype.heldGroup = function (term) {
    var self = this, best = null, t = this.toScript(term);
    this.groups.forEach(function (group) {
      group.forEach(function (member) {
        if (member.length >= 2 && member !== t && self.holds(t, member) && (!best || member.length > best.member.length)) {
          best = { member: member, members: group };
        }
      });
    });
    if (!best) return null;
    var rest = t.split(best.member).join(" ").split(" ").filter(function (r) { return r.length >= 2; });
    return { members: best.members, rest: rest };
  };

  SiteSearch.prototype.matchForms = function (forms) {
    var self = this, found = {};
    this.docs.forEach(function (doc) {
      forms.forEach(function (f) {
        var spans = self.occurrences(doc, f.form), had = found[doc.position];
        if (spans.length && !(had && WEIGHT[had.kind] >= WEIGHT[f.kind])) found[doc.position] = { kind: f.kind, spans: spans };
      });
    });
    return found;
  };

  SiteSearch.prototype.rank = function (matches, fallback) {
    var self = this, n = this.docs.length;
    var idf = matches.map(function (m) {
      var df = Object.keys(m).length;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    });
    var out = [];
    this.docs.forEach(function (doc) {
      var hits = [], score = 0, tier = fallback ? 3 : 0, spans = [];
      for (var k = 0; k < matches.length; k++) {
        var m = matches[k][doc.position];
        if (!m) return;
        var tf = m.spans.length;
        var norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * doc.hay.length / self.averageLength));
        score += WEIGHT[m.kind] * idf[k] * norm;
        if (!fallback) tier = Math.max(tier, TIER[m.kind]);
        hits = hits.concat(m.spans);
        spans.push(m.spans);
      }
      score *= self.closeness(spans);
      out.push({ doc: doc, hits: hits, tier: tier, score: score, loose: false });
    });
    return out.sort(function (a, b) {
      return a.tier - b.tier || b.score - a.score || a.doc.recency - b.doc.recency || a.doc.position - b.doc.position;
    });
  };

  // Clauses holding every term the reader typed apart but one, which their statement holds in another clause (留学生
  // 疫情: a clause on the students in a statement on the epidemic): a clause is read in its statement. Only specific
  // terms (in under a tenth of the clauses) count on either side: every statement holds 合作 or 安全. After every
  // clause holding them all, flagged `context` for the dialog to say so.
  SiteSearch.prototype.inContext = function (matches) {
    var self = this;
    if (matches.length < 2 || !matches.every(function (m) { return self.found(m, false); })) return [];
    var where = matches.map(function (m) {
      var slugs = new Set();
      Object.keys(m).forEach(function (p) { slugs.add(self.docs[p].slug); });
      return slugs;
    });
    var out = [], n = this.docs.length;
    matches.forEach(function (left, k) {
      var df = Object.keys(left).length, missing = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      var rest = matches.filter(function (m, j) { return j !== k; });
      // 安全, 合作: every statement holds them, which says nothing; and what the clause holds must say something
      if (!self.specific(left) || !rest.some(function (m) { return self.specific(m); })) return;
      self.rank(rest, true).forEach(function (r) {
        if (left[r.doc.position] || !where[k].has(r.doc.slug)) return;
        r.tier = 3.5;
        r.context = true;  // the dialog says so before the first
        r.missing = missing;
        out.push(r);
      });
    });
    var seen = new Set();
    // the clauses missing the commonest term first (留学生 without 疫情 before 疫情 without 留学生), then by score
    return out.sort(function (a, b) {
      return a.missing - b.missing || b.score - a.score || a.doc.recency - b.doc.recency || a.doc.position - b.doc.position;
    })
      .filter(function (r) { return !seen.has(r.doc.position) && seen.add(r.doc.position); });
  };

  // Is a match specific: in under a tenth of the clauses (合作, which half of them hold, is not)?
  SiteSearch.prototype.specific = function (m) {
    return Object.keys(m).length * 10 < this.docs.length;
  };

  // No clause holds every word, but one holds every specific word (matching under a tenth of the clauses): the
  // generic ones (合作 of 大学合作; 发展, 关系) are what a reader adds to a subject, and the clauses on the
  // subject are the answer. Said plainly, as direct results; not when the query lost characters on the way (在巴中国人
  // 安全: 在, 巴), where what is left may no longer be its subject.
  SiteSearch.prototype.withoutGeneric = function (required, meant, fallback) {
    var self = this;
    var all = required.concat(meant).filter(function (m) { return self.found(m, false); });
    if (all.length < required.length + meant.length) return [];
    var specific = all.filter(function (m) { return self.specific(m); });
    if (!specific.length || specific.length === all.length) return [];
    return this.rank(specific, fallback);
  };

  // Words found, but never all in one clause (跨境 电商, 大学 光伏): the clauses holding the most of the specific
  // ones (matching under a tenth of the clauses: never 合作 alone), then by score, said to be looser. What a reader
  // over-specified still finds its parts, on word boundaries, instead of character pairs.
  SiteSearch.prototype.coordinated = function (matches) {
    var self = this;
    matches = matches.filter(function (m) { return self.found(m, false); });
    if (matches.length < 2) return [];
    var specific = matches.map(function (m) { return self.specific(m); });
    if (!specific.some(Boolean)) return [];
    var out = [];
    matches.forEach(function (m, k) {
      self.rank([m], true).forEach(function (r) {
        var had = out[r.doc.position] || (out[r.doc.position] = { doc: r.doc, hits: [], tier: 4, score: 0, count: 0, loose: true });
        had.hits = had.hits.concat(r.hits);
        had.score += r.score;
        if (specific[k]) had.count++;
      });
    });
    return out.filter(function (r) { return r && r.count; }).sort(function (a, b) {
      return b.count - a.count || b.score - a.score || a.doc.recency - b.doc.recency || a.doc.position - b.doc.position;
    });
  };

  // 1.5 when the terms stand next to each other in order, 1.2 when within a sentence's reach, else 1.
  SiteSearch.prototype.closeness = function (spans) {
    if (spans.length < 2) return 1;
    var best = Infinity, adjacent = false;
    spans[0].forEach(function (first) {
      var end = first[1], lo = first[0], hi = first[1], chain = true;
      for (var k = 1; k < spans.length; k++) {
        var next = spans[k].filter(function (s) { return s[0] >= end; }).sort(function (a, b) { return a[0] - b[0]; })[0];
        var nearest = spans[k].reduce(function (b, s) {
          return !b || Math.abs(s[0] - first[0]) < Math.abs(b[0] - first[0]) ? s : b;
        }, null);
        if (!next || next[0] !== end) chain = false;
        if (next) end = next[1];
        lo = Math.min(lo, nearest[0]);
        hi = Math.max(hi, nearest[1]);
      }
      adjacent = adjacent || chain;
      best = Math.min(best, hi - lo);
    });
    return adjacent ? 1.5 : best <= 40 ? 1.2 : 1;
  };

  // Nothing matches: the clauses holding most of the query's character pairs (and Latin words), said so.
  SiteSearch.prototype.loose = function (terms) {
    var self = this, keys = [];
    terms.forEach(function (t) {
      var s = self.toScript(t);
      if (!isHan(s[0])) { if (s.length >= 2) keys.push(s); return; }
      for (var i = 0; i + 1 < s.length; i++) keys.push(s.slice(i, i + 2));
    });
    keys = unique(keys);
    if (!keys.length) return [];
    var need = Math.max(keys.length > 1 ? 2 : 1, Math.ceil(keys.length / 2));
    var n = this.docs.length;
    var idf = keys.map(function (k) {
      var df = self.docs.filter(function (d) { return d.hay.indexOf(k) >= 0; }).length;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    });
    var out = [];
    this.docs.forEach(function (doc) {
      var hits = [], score = 0, found = 0;
      keys.forEach(function (k, i) {
        var spans = self.occurrences(doc, k, true);
        if (spans.length) { found++; score += idf[i]; hits = hits.concat(spans); }
      });
      if (found >= need) out.push({ doc: doc, hits: hits, tier: 4, score: score, loose: true });
    });
    return out.sort(function (a, b) { return b.score - a.score || a.doc.recency - b.doc.recency; });
  };

  // Topics the query names (a topic's name or term, in either direction of containment, or a word readers search
  // it by), with their clauses that are not among the results: [{name, results: [{doc, hits}]}].
  SiteSearch.prototype.related = function (query, results) {
    var self = this, terms = this.terms(query), shown = new Set((results || []).map(function (r) { return r.doc.position; }));
    var forms = terms.length > 1 ? [terms.join(" ")] : [];  // a name of several words (iron brother)
    terms.forEach(function (t) { self.forms(t).forEach(function (f) { forms.push(f.form); }); });
    return this.topics.filter(function (topic) {
      return topic.keys.some(function (k) {
        return forms.some(function (f) {  // the topic's word, the start of it, or a word the query holds
          return f.length >= 2 && k.length >= 2 && (f === k || k.indexOf(f) === 0 || self.holds(f, k));
        });
      }) || topic.readers.some(function (k) {  // a reader's word for it (not its start: 中国 is no 中国工程师)
        return forms.some(function (f) { return k.length >= 2 && (f === k || self.holds(f, k)); });
      });
    }).map(function (topic) {
      // a clause about the topic, printing more of its terms, before one that names it in passing; then the newest
      var printed = function (d) { return topic.keys.filter(function (k) { return k.length >= 2 && d.hay.indexOf(k) >= 0; }).length; };
      var docs = topic.docs.map(function (i) { return self.docs[i]; }).filter(function (d) { return !shown.has(d.position); })
        .map(function (d) { return { doc: d, printed: printed(d) }; })
        .sort(function (a, b) {
          return b.printed - a.printed || a.doc.recency - b.doc.recency || a.doc.position - b.doc.position;
        })
        .map(function (x) { return x.doc; });
      return { name: topic.name, results: docs.map(function (d) { return { doc: d, hits: [], tier: 5, loose: false }; }) };
    }).filter(function (block) { return block.results.length; });
  };

  // The text around the first hit, as [text, marked] pieces: no markup, so nothing in a clause can inject any.
  SiteSearch.prototype.snippet = function (doc, hits, width) {
    width = width || 80;
    var spans = hits.map(function (h) { return [doc.from[h[0]], doc.from[h[1]]]; })
      .sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var start = spans.length ? Math.max(0, spans[0][0] - 20) : 0;
    var end = Math.min(doc.text.length, start + width);
    var pieces = [], at = start;
    spans.forEach(function (s) {
      var a = Math.max(s[0], at), b = Math.min(s[1], end);
      if (b <= a) return;
      if (a > at) pieces.push([doc.text.slice(at, a), false]);
      pieces.push([doc.text.slice(a, b), true]);
      at = b;
    });
    if (at < end) pieces.push([doc.text.slice(at, end), false]);
    if (start > 0) pieces.unshift(["…", false]);
    if (end < doc.text.length) pieces.push(["…", false]);
    return pieces;
  };

  function href(dialog, doc) {
    var base = (dialog.dataset.base || ".").replace(/\/$/, "");
    // From file:// (the offline zip keeps the published paths) a directory opens a listing: name its page.
    var dir = location.protocol === "file:" ? doc.slug + "/index.html" : doc.slug + "/";
    var page = dialog.dataset.directoryUrls === "true" ? dir : doc.slug + ".html";
    return base + "/statements/" + page + "#" + doc.anchor;
  }

  function item(dialog, engine, result) {
    var doc = result.doc;
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.className = "site-search__result";
    a.href = href(dialog, doc);
    var meta = document.createElement("span");
    meta.className = "site-search__meta";
    meta.textContent = doc.label + " · " + doc.date + " " + doc.place;
    var text = document.createElement("span");
    text.className = "site-search__snippet";
    engine.snippet(doc, result.hits).forEach(function (piece) {
      var node = piece[1] ? document.createElement("mark") : document.createTextNode(piece[0]);
      if (piece[1]) node.textContent = piece[0];
      text.appendChild(node);
    });
    a.appendChild(meta);
    a.appendChild(text);
    li.appendChild(a);
    return li;
  }

  function attach(dialog, index) {
    var engine = new SiteSearch(index);
    var input = dialog.querySelector(".site-search__input");
    var status = dialog.querySelector(".site-search__status");
    var list = dialog.querySelector(".site-search__results");
    var results = [], shown = 0, composing = false, last = null;

    function count(n) {
      if (!n) return dialog.dataset.none;
      return n === 1 ? dialog.dataset.one : dialog.dataset.other.replace("#", String(n));
    }
    var related = [];
    function note(text, className) {
      var li = document.createElement("li");
      li.className = className;
      li.textContent = text;
      list.appendChild(li);
    }
    // The topics the query names: their other clauses, apart from the direct results, once.
    function topics() {
      related.forEach(function (block) {
        note(dialog.dataset.related.replace("#", block.name), "site-search__group");
        block.results.forEach(function (r) {
          var li = item(dialog, engine, r);
          li.className = "site-search__related";  // apart from the results: counted, and styled, on their own
          list.appendChild(li);
        });
      });
      related = [];
    }
    function more() {
      var old = list.querySelector(".site-search__more");
      if (old) old.parentNode.removeChild(old);
      var next = results.slice(shown, shown + LIMIT);
      next.forEach(function (r, k) {
        var before = shown + k ? results[shown + k - 1] : null;
        if (r.loose && (!before || !before.loose)) {
          topics();  // a topic the reader named is nearer what they mean than a looser match
          note(dialog.dataset.loose, "site-search__note");
        } else if (r.context && (!before || !before.context)) {
          note(dialog.dataset.context, "site-search__note");
        }
        list.appendChild(item(dialog, engine, r));
      });
      shown += next.length;
      if (shown >= results.length) topics();
      if (shown < results.length) {
        var li = document.createElement("li");
        li.className = "site-search__more";
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = dialog.dataset.more;
        button.addEventListener("click", function () {
          var at = shown;
          more();
          var link = list.querySelectorAll("a")[at];
          if (link) link.focus();
        });
        li.appendChild(button);
        list.appendChild(li);
      }
    }
    function run() {
      if (composing) return;  // an IME is still composing: search when it commits
      var query = input.value;
      if (query === last) return;
      last = query;
      list.textContent = "";
      shown = 0;
      results = engine.terms(query).length ? engine.search(query) : [];
      // A topic the query names outranks a looser match: its clauses stand in its block, not among the loose ones.
      related = engine.terms(query).length ? engine.related(query, results.filter(function (r) { return !r.loose; })) : [];
      var inTopics = new Set();
      related.forEach(function (block) { block.results.forEach(function (r) { inTopics.add(r.doc.position); }); });
      results = results.filter(function (r) { return !r.loose || !inTopics.has(r.doc.position); });
      var direct = results.filter(function (r) { return !r.loose; }).length;
      status.textContent = engine.terms(query).length ? count(direct) : dialog.dataset.placeholder;
      more();
      dialog.dataset.query = query;  // which query the list shows (the tests wait on it)
    }
    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a, button"));
    }

    // Typing, pasting, dropping and an IME's commit all end in an input event (or compositionend).
    input.addEventListener("input", function (event) { if (!event.isComposing) run(); });
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; run(); });
    dialog.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();  // Enter follows the first result
      var first = list.querySelector("a");
      if (first) first.click();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var all = links();
      if (!all.length) return;
      var at = all.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      event.preventDefault();
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)].focus();
    });
    list.addEventListener("click", function (event) {
      var a = event.target.closest && event.target.closest("a");
      // Same page: the browser only scrolls; "navigate" tells search-script.js to put focus at the clause.
      if (a && a.pathname === location.pathname) dialog.close("navigate");
    });
    last = null;
    run();
    return engine;
  }

  root.SiteSearch = SiteSearch;
  root.__siteSearch = { attach: attach, SiteSearch: SiteSearch };
  if (typeof module !== "undefined" && module.exports) module.exports = SiteSearch;
})(typeof window !== "undefined" ? window : globalThis);
