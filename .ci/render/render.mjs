// Renders Markdown files as GitHub shows them (GFM tables, inline HTML, <details>), with GitHub's
// Markdown stylesheet, in headless Chromium, to a full-page PNG each.
// Usage: node render.mjs <out-dir> <file.md>...
import fs from "node:fs";
import path from "node:path";
import MarkdownIt from "markdown-it";
import { chromium } from "playwright-core";

const [outDir, ...files] = process.argv.slice(2);
const css = fs.readFileSync(new URL("./node_modules/github-markdown-css/github-markdown-light.css", import.meta.url), "utf8");
const md = new MarkdownIt({ html: true, linkify: false });
// GitHub shows "> [!WARNING]" as an alert box; markdown-it shows a quote, which reads the same.

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"],
});
const page = await browser.newPage({ viewport: { width: 980, height: 600 }, deviceScaleFactor: 1 });
for (const file of files) {
  const body = md.render(fs.readFileSync(file, "utf8"));
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${css}
    body { margin: 0; background: #fff; } .markdown-body { box-sizing: border-box; max-width: 980px; padding: 24px; }
  </style></head><body><article class="markdown-body">${body}</article></body></html>`);
  const out = path.join(outDir, path.basename(file, ".md") + ".png");
  await page.screenshot({ path: out, fullPage: true });
  console.log(`rendered ${file} -> ${out}`);
}
await browser.close();
