// Render jixiao report pages in headless Chromium (playwright-core), take
// screenshots, and check what a user would see: the page renders (not blank),
// clicking a finding outlines exactly the cells it names and adds up, and the
// index sorts. Usage:
//   node scripts/report-browser.mjs REPORT_DIR OUT_DIR [page.html …]
// Prints one line per check; exits 1 when a check fails.
import { chromium } from "playwright-core";
import { mkdirSync, writeFileSync, readdirSync } from "node:fs";
import { join, resolve, basename } from "node:path";

const [dir, out, ...wanted] = process.argv.slice(2);
if (!dir || !out) {
  console.error("usage: node report-browser.mjs REPORT_DIR OUT_DIR [page.html …]");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const pages = wanted.length
  ? wanted
  : readdirSync(dir).filter((f) => f.endsWith(".html") && f !== "index.html");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failed++;
};
const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
const page = await ctx.newPage();
const requests = [];
page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));

// A screenshot is blank when (almost) every sampled pixel has one colour.
async function notBlank(file) {
  const png = await page.screenshot({ path: file, fullPage: false });
  const stats = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = "data:image/png;base64," + b64;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width; c.height = img.height;
    const g = c.getContext("2d");
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const seen = new Map();
    for (let i = 0; i < d.length; i += 4 * 97) {
      const k = (d[i] >> 4) + "," + (d[i + 1] >> 4) + "," + (d[i + 2] >> 4);
      seen.set(k, (seen.get(k) || 0) + 1);
    }
    const total = Math.floor(d.length / (4 * 97));
    const top = Math.max(...seen.values());
    return { colours: seen.size, share: top / total };
  }, png.toString("base64"));
  return stats.colours > 8 && stats.share < 0.995;
}

for (const name of pages) {
  const stem = basename(name, ".html");
  const url = "file://" + resolve(dir, name);
  const t0 = Date.now();
  await page.goto(url, { waitUntil: "load" });
  const loadMs = Date.now() - t0;
  check(await notBlank(join(out, `${stem}.png`)), `${name}: renders (loaded in ${loadMs} ms)`);
  await page.screenshot({ path: join(out, `${stem}.full.png`), fullPage: true });
  const findings = await page.$$eval("article.finding", (fs) =>
    fs.map((f) => ({ id: f.id, at: f.dataset.at.split(" ").filter(Boolean), ops: f.dataset.ops.split(" ").filter(Boolean) })));
  // Click the first finding with table cells: its cells must be marked, and nothing else.
  const f = findings.find((x) => x.at.some((a) => /-r\d+-c\d+$/.test(a))) || findings[0];
  if (f) {
    await page.click(`#${f.id} .msg`);
    await page.waitForTimeout(300);
    const marked = await page.$$eval(".is-operand, .is-target", (els) =>
      els.map((e) => [e.id, [...e.classList].filter((c) => c.startsWith("is-")).join(" ")]));
    const want = new Set([...f.at, ...f.ops]);
    const got = new Set(marked.map((m) => m[0]));
    const same = want.size === got.size && [...want].every((x) => got.has(x));
    check(same, `${name}: clicking ${f.id} marks exactly its ${f.at.length} named and ${f.ops.length} operand cell(s)`);
    await page.screenshot({ path: join(out, `${stem}.${f.id}.png`) });
    writeFileSync(join(out, `${stem}.dom.html`), await page.content());
  } else {
    writeFileSync(join(out, `${stem}.dom.html`), await page.content());
  }
  check(errors.length === 0, `${name}: no script errors ${errors.join("; ")}`);
  errors.length = 0;
}
// The index: renders, sorts by errors.
if (readdirSync(dir).includes("index.html")) {
  await page.goto("file://" + resolve(dir, "index.html"), { waitUntil: "load" });
  check(await notBlank(join(out, "index.png")), "index.html: renders");
  const th = page.locator("table.docs thead th", { hasText: "errors" });
  await th.click();
  await th.click();
  const errs = await page.$$eval("table.docs tbody tr", (rs) => rs.map((r) => Number(r.cells[10].dataset.v)));
  check(errs.every((v, i) => i === 0 || errs[i - 1] >= v), "index.html: sorts by errors (descending)");
  await page.screenshot({ path: join(out, "index.png"), fullPage: true });
}
check(requests.length === 0, `no network requests ${requests.slice(0, 3).join(" ")}`);
await browser.close();
process.exit(failed ? 1 : 0);
