import test from "ava";
import { loadQuickjsSources, SOURCE_PATCHES } from "../src/sources.ts";

test("QuickJS sources verify against their pinned hashes and carry every patch", (t) => {
  const sources = loadQuickjsSources();
  t.is(sources.VERSION.trim(), "2021-03-27");
  for (const patch of SOURCE_PATCHES.filter((p) => p.file !== "builder.c")) {
    t.true(sources[patch.file].includes(patch.replace), patch.why);
    t.false(sources[patch.file].includes(patch.find), patch.why);
  }
});
