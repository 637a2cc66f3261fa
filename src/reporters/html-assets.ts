/**
 * The HTML report's only stylesheet and only script. They are inlined and allowed by their
 * SHA-256 hashes in the page's Content-Security-Policy, so nothing else (no injected markup, no
 * remote file) can run or style the page. Keep them free of `</` so they cannot close their element.
 */

export const REPORT_CSS = `
:root { --fg: #0f172a; --muted: #64748b; --line: #e2e8f0; --bg: #f8fafc; --card: #fff; --accent: #0f766e;
  --critical: #9f1239; --high: #dc2626; --medium: #d97706; --low: #2563eb; --info: #64748b; --pass: #15803d; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
header.top { background: #0f172a; color: #f8fafc; padding: 18px 32px; display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; }
header.top h1 { margin: 0; font-size: 20px; letter-spacing: .2px; }
header.top .meta { color: #cbd5e1; font-size: 13px; }
main { padding: 24px 32px 48px; max-width: 1280px; margin: 0 auto; }
h2 { font-size: 16px; margin: 28px 0 12px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; min-width: 120px; }
.card .n { font-size: 24px; font-weight: 650; display: block; }
.card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .5px; }
.card.fail .n { color: var(--high); } .card.ok .n { color: var(--pass); }
.overview { display: grid; grid-template-columns: 200px 1fr; gap: 24px; align-items: start; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px; }
.donut-total { font-size: 30px; font-weight: 700; fill: var(--fg); }
.donut-label { font-size: 12px; fill: var(--muted); }
.legend { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 8px; font-size: 12px; color: var(--muted); }
.legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; background: var(--sw); }
.sw-critical { --sw: var(--critical); } .sw-high { --sw: var(--high); } .sw-medium { --sw: var(--medium); } .sw-low { --sw: var(--low); } .sw-info { --sw: var(--info); }
table.areas { width: 100%; border-collapse: collapse; }
table.areas th, table.areas td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
table.areas th { font-size: 12px; color: var(--muted); font-weight: 600; }
table.areas td.num { text-align: right; font-variant-numeric: tabular-nums; width: 64px; }
table.areas .area-name { font-weight: 600; }
table.areas .area-desc { color: var(--muted); font-size: 12px; }
button.area-link { border: 0; background: none; padding: 0; font: inherit; color: var(--accent); cursor: pointer; text-align: left; }
button.area-link:hover { text-decoration: underline; }
form.filters { position: sticky; top: 0; z-index: 2; background: var(--bg); padding: 10px 0; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; }
form.filters fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
form.filters legend { float: left; font-size: 12px; color: var(--muted); margin-right: 4px; padding: 0; }
form.filters label { border: 1px solid var(--line); background: var(--card); border-radius: 999px; padding: 2px 10px; cursor: pointer; user-select: none; font-size: 12px; }
form.filters label:has(input:not(:checked)) { opacity: .45; text-decoration: line-through; }
form.filters input[type=checkbox] { margin: 0 4px 0 0; vertical-align: -2px; }
form.filters input[type=search] { padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; min-width: 220px; font: inherit; }
.shown { color: var(--muted); font-size: 12px; margin-left: auto; }
.finding { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--sev); border-radius: 6px; margin: 10px 0; padding: 10px 14px; }
.finding[data-status=suppressed], .finding[data-status=pass], .finding[data-status=skipped] { border-left-color: var(--line); }
.finding .head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.badge { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .4px; padding: 1px 7px; border-radius: 4px; color: #fff; background: var(--sev); }
.badge.status { background: #e2e8f0; color: var(--fg); }
.sev-critical { --sev: var(--critical); } .sev-high { --sev: var(--high); } .sev-medium { --sev: var(--medium); } .sev-low { --sev: var(--low); } .sev-info { --sev: var(--info); }
.check-id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; }
.title { font-weight: 600; }
.resource { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; color: #334155; overflow-wrap: anywhere; }
.message { margin: 6px 0 0; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 0; font-size: 13px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; background: #f1f5f9; padding: 0 4px; border-radius: 3px; }
.std { display: inline-block; font-size: 11px; background: #ecfeff; color: #155e75; border: 1px solid #cffafe; border-radius: 4px; padding: 0 6px; margin: 0 4px 2px 0; }
.note { border-radius: 6px; padding: 6px 10px; margin-top: 8px; font-size: 13px; }
.note.suppressed { background: #f1f5f9; }
.note.expired { background: #fff7ed; border: 1px solid #fed7aa; }
.empty { color: var(--muted); padding: 24px; text-align: center; border: 1px dashed var(--line); border-radius: 8px; }
ul.problems { padding-left: 18px; }
footer { color: var(--muted); font-size: 12px; margin-top: 32px; }
.attack-path { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--sev); border-radius: 6px; margin: 10px 0; padding: 10px 14px; }
.attack-path[data-status=suppressed], .attack-path[data-status=skipped] { border-left-color: var(--line); }
.attack-path .head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.attack-path svg.path-graph { display: block; max-width: 100%; height: auto; margin: 8px 0; }
.attack-path .fix { margin: 6px 0 0; font-weight: 600; color: var(--high); }
.attack-path .missing { color: var(--muted); }
.attack-path ol.steps { margin: 6px 0; padding-left: 22px; font-size: 13px; overflow-wrap: anywhere; }
.badge.cut { background: var(--high); }
.path-summary, .legend-line { color: var(--muted); font-size: 13px; }
table.fixes { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); font-size: 13px; }
table.fixes th, table.fixes td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
table.fixes td.num, table.fixes th.num { text-align: right; width: 56px; }
@media print { form.filters { display: none; } .finding, .attack-path { break-inside: avoid; } body { background: #fff; } }
@media (max-width: 760px) { .overview { grid-template-columns: 1fr; } main { padding: 16px; } }
`;

export const REPORT_JS = `
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  var findings = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var shown = document.getElementById('shown-count');
  var none = document.getElementById('no-match');
  function checked(name) {
    var set = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name="' + name + '"]'), function (input) { if (input.checked) set[input.value] = true; });
    return set;
  }
  function apply() {
    var severity = checked('severity'), area = checked('area'), status = checked('status');
    var query = form.querySelector('input[type=search]').value.trim().toLowerCase();
    var count = 0;
    findings.forEach(function (finding) {
      var visible = severity[finding.dataset.severity] && area[finding.dataset.area] && status[finding.dataset.status] &&
        (!query || finding.textContent.toLowerCase().indexOf(query) !== -1);
      finding.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = String(count);
    if (none) none.hidden = count !== 0;
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  Array.prototype.forEach.call(document.querySelectorAll('button[data-only-area]'), function (button) {
    button.addEventListener('click', function () {
      var target = button.getAttribute('data-only-area');
      Array.prototype.forEach.call(form.querySelectorAll('input[name="area"]'), function (input) { input.checked = input.value === target; });
      apply();
      form.scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
  });
  apply();
})();
`;
