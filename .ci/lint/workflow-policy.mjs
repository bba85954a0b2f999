// The supply-chain rules every workflow of this repository keeps (README, "Verifying a release"):
//  - every action from another repository is pinned by its full commit SHA, with the version in a
//    comment on the same line (`uses: owner/repo@<40 hex> # v1.2.3`);
//  - the workflow grants nothing itself (`permissions: {}`, or read-only), and every job says
//    what it needs in its own `permissions`;
//  - a checkout keeps no credentials (`persist-credentials: false`) unless its job may push
//    (`contents: write`).
// No maintained workflow security linter installs from the registries this project may use, so
// these few rules are checked here; actionlint checks everything else.
import { readFileSync } from "node:fs";
import { parseDocument, isMap, isSeq, isScalar } from "yaml";

const SHA = /^[0-9a-f]{40}$/;

/** The problems of one workflow, as "file:line: what", given its text. */
export function check(file, text) {
  const problems = [];
  const document = parseDocument(text, { keepSourceTokens: true });
  if (document.errors.length > 0) {
    return [`${file}: not YAML: ${document.errors[0].message}`];
  }
  const lineOf = (node) => (node?.range ? lineAt(text, node.range[0]) : 1);
  const report = (node, message) => problems.push(`${file}:${lineOf(node)}: ${message}`);
  const root = document.contents;
  if (!isMap(root)) {
    return [`${file}: not a workflow`];
  }

  const top = root.get("permissions", true);
  if (top === undefined) {
    report(root, "the workflow has no top-level permissions: write `permissions: {}` and give each job what it needs");
  } else {
    for (const [scope, access] of grants(top)) {
      if (access === "write" || access === "write-all") {
        report(top, `the workflow grants ${scope}: ${access} to every job; grant it only on the job that needs it`);
      }
    }
  }

  const jobs = root.get("jobs", true);
  if (!isMap(jobs)) {
    return problems;
  }
  for (const job of jobs.items) {
    const name = String(job.key.value);
    const body = job.value;
    if (!isMap(body)) {
      continue;
    }
    const permissions = body.get("permissions", true);
    if (permissions === undefined) {
      report(job.key, `job ${name} has no permissions of its own: say what it needs (permissions: {} for nothing)`);
    }
    const mayPush = permissions !== undefined && grants(permissions).some(([scope, access]) =>
      (scope === "contents" || scope === "*") && (access === "write" || access === "write-all"));
    const reusable = body.get("uses", true);
    if (reusable !== undefined) {
      pinned(reusable, `job ${name}`, report);
    }
    const steps = body.get("steps", true);
    if (!isSeq(steps)) {
      continue;
    }
    for (const step of steps.items) {
      if (!isMap(step)) {
        continue;
      }
      const uses = step.get("uses", true);
      if (uses === undefined) {
        continue;
      }
      pinned(uses, `a step of job ${name}`, report);
      const action = String(uses.value);
      if (action.startsWith("actions/checkout@") && !mayPush) {
        const persist = step.getIn(["with", "persist-credentials"]);
        if (persist !== false && String(persist) !== "false") {
          report(uses, `job ${name} checks out with its credentials kept, but does not push: set persist-credentials: false`);
        }
      }
    }
  }
  return problems;
}

/** An action from another repository must be pinned by commit SHA with a version comment. */
function pinned(node, where, report) {
  const value = String(node.value);
  if (value.startsWith("./") || value.startsWith("docker://")) {
    return; // this repository's own action, or an image
  }
  const at = value.lastIndexOf("@");
  const ref = at < 0 ? "" : value.slice(at + 1);
  if (!SHA.test(ref)) {
    report(node, `${where} uses ${value}: pin it by its full commit SHA (uses: ${value.slice(0, at < 0 ? value.length : at)}@<40 hex> # <version>)`);
  } else if (!/^\s*v?\d/.test(node.comment ?? "")) {
    report(node, `${where} uses ${value} without its version in a comment (# v1.2.3), which dependabot and readers need`);
  }
}

/** [scope, access] pairs of a permissions node: a map, or read-all/write-all. */
function grants(node) {
  if (isScalar(node)) {
    const all = String(node.value);
    return all === "" ? [] : [["*", all]];
  }
  if (!isMap(node)) {
    return [];
  }
  return node.items.map((item) => [String(item.key.value), String(item.value?.value)]);
}

function lineAt(text, offset) {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
    }
  }
  return line;
}

// Run on the files given: print every problem, exit 1 if there is one.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const problems = process.argv.slice(2).flatMap((file) => check(file, readFileSync(file, "utf8")));
  problems.forEach((problem) => console.error(problem));
  process.exit(problems.length > 0 ? 1 : 0);
}
