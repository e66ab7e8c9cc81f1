#!/usr/bin/env node
// Prints jest's counts as the one plain line CI reads: "N passed, N failed, N skipped".
// A suite that could not run at all (a compile error, a crash in beforeAll) has no failed test
// of its own, so it is counted as one failure: a broken suite must never look green.
"use strict";
const fs = require("fs");

const file = process.argv[2];
let results;
try {
  results = JSON.parse(fs.readFileSync(file, "utf8"));
} catch (error) {
  console.log(`[test] no jest results in ${file}: ${error.message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const brokenSuites = results.testResults.filter(
  (suite) =>
    suite.status === "failed" && suite.assertionResults.every((t) => t.status !== "failed"),
);
for (const suite of brokenSuites) {
  console.log(`[test] suite failed to run: ${suite.name}`);
}
const failed = results.numFailedTests + brokenSuites.length;
const skipped = results.numPendingTests + results.numTodoTests;
console.log(`${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || results.numTotalTests === 0 ? 1 : 0);
