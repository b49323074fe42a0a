/**
 * The page's inline CSS and script. Both are sent inline with the CSP nonce of the response:
 * no external fonts, stylesheets or CDNs; the page works without the script (forms post
 * normally), the script only avoids the full reload.
 */

export const PAGE_CSS = `
:root{color-scheme:light dark;--bg:#f7f7f8;--fg:#18181b;--muted:#5f6368;--card:#fff;--line:#e4e4e7;--accent:#2563eb;--accent-fg:#fff;--danger:#b91c1c;--ok:#15803d;--radius:10px}
@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--fg:#e7e7ea;--muted:#a1a1aa;--card:#181b21;--line:#2a2e36;--accent:#60a5fa;--accent-fg:#0b1220;--danger:#f87171;--ok:#4ade80}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.page{max-width:56rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.app-header{display:flex;align-items:center;gap:.75rem;flex-wrap:wrap;margin-bottom:1.25rem}
.app-header h1{font-size:1.75rem;line-height:1.2;margin:0}
.badge{font-size:.75rem;font-weight:600;text-transform:uppercase;letter-spacing:.04em;padding:.15rem .5rem;border-radius:999px;background:#f59e0b;color:#1c1917}
main{display:grid;gap:1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:1rem 1.25rem;min-width:0}
.card>h2{font-size:1.15rem;margin:0 0 .75rem}
.card[hidden]{display:none}
.text h2,.text h3,.text h4{line-height:1.25;margin:1rem 0 .5rem}.text>:first-child{margin-top:0}.text>:last-child{margin-bottom:0}
.text a{color:var(--accent)}
.text pre{overflow:auto;background:var(--bg);padding:.75rem;border-radius:6px}
.text code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.text blockquote{margin:0;padding-left:1rem;border-left:3px solid var(--line);color:var(--muted)}
form{display:grid;gap:.85rem}
.field{display:grid;gap:.3rem}
.field label{font-weight:600;font-size:.95rem}
.field.check{grid-template-columns:auto 1fr;align-items:center;gap:.5rem}
input[type=text],input[type=email],input[type=number],textarea{width:100%;font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:.55rem .7rem}
textarea{min-height:6rem;resize:vertical}
input:focus-visible,textarea:focus-visible,button:focus-visible,a:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
[aria-invalid=true]{border-color:var(--danger)}
.field-error{color:var(--danger);font-size:.875rem;margin:0}
.field-error:empty{display:none}
button{font:inherit;font-weight:600;cursor:pointer;border:0;border-radius:8px;padding:.6rem 1.1rem;background:var(--accent);color:var(--accent-fg);justify-self:start}
button[disabled]{opacity:.6;cursor:progress}
.form-status{margin:0;font-size:.9rem;color:var(--muted)}
.form-status.error{color:var(--danger)}.form-status.ok{color:var(--ok)}
.form-status:empty{display:none}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.5rem .6rem;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
th{font-weight:600;color:var(--muted);white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.pager{display:flex;gap:1rem;align-items:center;justify-content:flex-end;margin-top:.6rem;font-size:.9rem;color:var(--muted)}
.pager a{color:var(--accent)}
.empty,.note,.muted{color:var(--muted)}
.empty{margin:0}
.problem{color:var(--danger);margin:0}
.chart{width:100%;height:auto;display:block}
.chart .grid{stroke:var(--line);stroke-width:1}
.chart .axis{stroke:var(--muted);stroke-width:1}
.chart .tick{fill:var(--muted);font-size:11px}
.pie{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.chart-pie{max-width:18rem}
.legend{list-style:none;margin:0;padding:0;display:grid;gap:.25rem;font-size:.9rem}
figure{margin:0}
figure img{max-width:100%;height:auto;border-radius:6px}
figcaption{color:var(--muted);font-size:.9rem;margin-top:.35rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{margin-top:2rem;font-size:.8rem;color:var(--muted);overflow-wrap:anywhere}
`;

/**
 * Progressive enhancement: forms and buttons post JSON to the app's API with fetch, then swap in
 * the page sections the answer carries (server-rendered HTML, so nothing is rendered twice) and
 * show field errors in place. Without JavaScript the same forms post normally and the server
 * redirects back to the page.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  function swap(sections) {
    Object.keys(sections || {}).forEach(function (id) {
      var old = document.getElementById('el-' + id);
      if (!old) return;
      var template = document.createElement('template');
      template.innerHTML = sections[id];
      var fresh = template.content.firstElementChild;
      if (fresh) old.replaceWith(fresh);
    });
  }
  function clearErrors(form) {
    form.querySelectorAll('.field-error').forEach(function (p) { p.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
  }
  function say(status, text, kind) {
    if (!status) return;
    status.textContent = text;
    status.className = 'form-status' + (kind ? ' ' + kind : '');
  }
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.trigger || !window.fetch) return;
    event.preventDefault();
    var status = form.querySelector('.form-status');
    var button = form.querySelector('[type=submit]');
    var body = {};
    if (form.dataset.kind === 'form') {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name) return;
        body[el.name] = el.type === 'checkbox' ? el.checked : el.value;
      });
    } else {
      body.clickedAt = new Date().toISOString();
    }
    clearErrors(form);
    if (button) button.disabled = true;
    say(status, 'Sending…');
    fetch(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-poseidon-sections': '1' },
      body: JSON.stringify(body)
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) { return { response: response, data: data }; });
      })
      .then(function (result) {
        var data = result.data || {};
        swap(data.sections);
        if (result.response.ok && data.ok) {
          if (form.dataset.kind === 'form') form.reset();
          say(status, form.dataset.done || 'Done.', 'ok');
          return;
        }
        var error = data.error || {};
        (error.fields || []).forEach(function (problem) {
          var input = form.querySelector('[name="' + CSS.escape(problem.field) + '"]');
          var slot = form.querySelector('[data-error-for="' + CSS.escape(problem.field) + '"]');
          if (input) input.setAttribute('aria-invalid', 'true');
          if (slot) slot.textContent = problem.message;
        });
        var first = form.querySelector('[aria-invalid=true]');
        if (first) first.focus();
        say(status, error.message || 'Something went wrong; please try again.', 'error');
      })
      .catch(function () {
        say(status, 'Could not reach the app. Check your connection and try again.', 'error');
      })
      .then(function () {
        if (button) button.disabled = false;
      });
  });
})();
`;
