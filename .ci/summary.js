// Prints the plain closing line CI reads ("N passed, N failed") from vitest's JSON reports.
const { existsSync, readFileSync } = require('fs');

let passed = 0;
let failed = 0;
let missing = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`no test report at ${file}: the tests did not run`);
    missing++;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf-8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numTotalTestSuites > 0 && report.success === false && report.numFailedTests === 0 ? 1 : 0);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || missing > 0 || passed === 0 ? 1 : 0);
