// Tests of the workflow policy (node --test): each rule refuses what it should, and a workflow
// that keeps them all passes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { check } from "./workflow-policy.mjs";

const CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1";

const good = `
name: CI
on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - uses: ./
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - uses: ${CHECKOUT}
      - uses: docker://alpine:3
`;

test("a workflow that keeps every rule passes", () => {
  assert.deepEqual(check("good.yml", good), []);
});

test("an action pinned by a tag is refused, with the line", () => {
  const problems = check("tag.yml", good.replace(CHECKOUT, "actions/checkout@v4"));
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^tag\.yml:11: a step of job test uses actions\/checkout@v4: pin it by its full commit SHA/);
});

test("an action pinned by a branch or a short SHA is refused", () => {
  assert.match(check("b.yml", good.replace(CHECKOUT, "actions/checkout@main"))[0], /pin it by its full commit SHA/);
  assert.match(check("s.yml", good.replace(CHECKOUT, "actions/checkout@3d3c42e # v7"))[0], /pin it by its full commit SHA/);
});

test("a SHA without its version in a comment is refused", () => {
  const problems = check("bare.yml", good.replaceAll(CHECKOUT, "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"));
  assert.equal(problems.length, 2);
  assert.match(problems[0], /without its version in a comment/);
});

test("a reusable workflow is pinned too", () => {
  const text = good.replace("  release:\n", "  shared:\n    permissions: {}\n    uses: org/repo/.github/workflows/x.yml@v1\n  release:\n");
  assert.match(check("reuse.yml", text)[0], /job shared uses org\/repo\/\.github\/workflows\/x\.yml@v1/);
});

test("a job without permissions of its own is refused", () => {
  const problems = check("perm.yml", good.replace("    permissions:\n      contents: read\n", ""));
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^perm\.yml:6: job test has no permissions of its own/);
});

test("a workflow without top-level permissions is refused", () => {
  assert.match(check("top.yml", good.replace("permissions: {}\n", ""))[0], /no top-level permissions/);
});

test("a workflow-wide write permission is refused, also as write-all", () => {
  assert.match(
    check("wide.yml", good.replace("permissions: {}", "permissions:\n  contents: read\n  packages: write"))[0],
    /grants packages: write to every job/);
  assert.match(check("all.yml", good.replace("permissions: {}", "permissions: write-all"))[0], /grants \*: write-all/);
});

test("a checkout that keeps its credentials in a job that does not push is refused", () => {
  const problems = check("creds.yml", good.replace("        with:\n          persist-credentials: false\n", ""));
  assert.equal(problems.length, 1);
  assert.match(problems[0], /job test checks out with its credentials kept/);
});

test("text that is not YAML is a problem, not a crash", () => {
  assert.match(check("broken.yml", "jobs: [")[0], /^broken\.yml: not YAML/);
});
