// The site's stylesheet, script and icon, served from the program itself:
// nothing is loaded from the network, and the Content-Security-Policy
// allows no other script. The script only enhances pages that work
// without it: suggestions as a name is typed, sliders over the dates that
// apply as they are moved, and forms sent without their empty fields.
#include "serve/site.h"

namespace relmap::serve {

std::string_view site_stylesheet() {
  return R"css(:root { color-scheme: light dark; --fg: #111827; --bg: #ffffff; --muted: #4b5563; --line: #d1d5db;
  --accent: #1d4ed8; --mark: #fde68a; --panel: #f3f4f6; --warn: #b91c1c; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e5e7eb; --bg: #111827; --muted: #9ca3af; --line: #374151; --accent: #93c5fd; --mark: #854d0e;
    --panel: #1f2937; --warn: #fca5a5; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible {
  outline: 3px solid var(--accent); outline-offset: 2px; }
header { border-bottom: 1px solid var(--line); background: var(--panel); }
nav { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .5rem 1rem; max-width: 72rem; margin: 0 auto; }
nav .home { font-weight: bold; }
form.search { position: relative; display: flex; gap: .25rem; flex: 1 1 16rem; }
form.search input { flex: 1; min-width: 0; }
#suggestions { position: absolute; top: 100%; left: 0; right: 0; z-index: 2; list-style: none; margin: 0; padding: 0;
  background: var(--bg); border: 1px solid var(--line); box-shadow: 0 4px 12px rgba(0,0,0,.2); }
#suggestions a { display: block; padding: .35rem .5rem; text-decoration: none; }
#suggestions a:focus, #suggestions a:hover { background: var(--panel); }
#suggestions .type { color: var(--muted); font-size: .85em; }
main { max-width: 72rem; margin: 0 auto; padding: 0 1rem 3rem; }
h1 { font-size: 1.6rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; overflow-wrap: anywhere; }
input, select, button { font: inherit; }
input:not([type]), input[type=search], input[type=number] { padding: .25rem .4rem; border: 1px solid var(--line);
  background: var(--bg); color: var(--fg); border-radius: 4px; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; display: flex; flex-wrap: wrap;
  gap: .5rem 1rem; align-items: center; }
details { width: 100%; }
.boxes { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: .5rem 0; }
.boxes label { white-space: nowrap; }
input[type=range] { width: 10rem; vertical-align: middle; }
dl.props { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.props dt { color: var(--muted); }
dl.props dd { margin: 0; overflow-wrap: anywhere; }
ol.relations > li, ol.hops > li, ol.facts > li { margin: .75rem 0; padding-bottom: .5rem; border-bottom: 1px solid var(--line); }
.rel { font-weight: 600; }
.basis { font-size: .8em; padding: 0 .35em; border-radius: 3px; border: 1px solid var(--line); color: var(--muted); }
.basis-implied { font-style: italic; }
blockquote { margin: .35rem 0 .35rem 1rem; padding-left: .75rem; border-left: 3px solid var(--line); }
.cite, .where { color: var(--muted); font-size: .9em; margin: 0; }
.where { font-family: ui-monospace, monospace; }
figure.map { margin: 1rem 0; padding: .5rem; background: #fff; border: 1px solid var(--line); border-radius: 6px; overflow: auto; }
figure.map svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figure.map.whole svg { max-width: none; }
@media (max-width: 40rem) {
  /* On a phone a map shrunk to the screen is too small to read: it keeps
     its own size and scrolls, both ways, inside its frame. */
  figure.map { max-height: 75vh; padding: .25rem; }
  figure.map svg { max-width: none; margin: 0; }
}
figure.map a:focus { outline: 3px solid #1d4ed8; }
figure.map.theme-dark { display: none; background: #0f172a; }
@media (prefers-color-scheme: dark) {
  figure.map.theme-light { display: none; }
  figure.map.theme-dark { display: block; }
  figure.map.theme-dark a:focus { outline-color: #93c5fd; }
}
@media print {
  figure.map.theme-light { display: block; }
  figure.map.theme-dark { display: none; }
}
.diagnostics, .changes { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel); padding: .75rem;
  border-radius: 6px; border-left: 4px solid var(--warn); font: .9rem/1.4 ui-monospace, monospace; }
.changes { border-left-color: var(--accent); }
.no-path { font-weight: 600; color: var(--warn); }
ul.matches { padding-left: 1.25rem; }
ul.matches > li { margin: .35rem 0; }
ul.matches .type { color: var(--muted); font-size: .9em; }
.unknown { font-weight: 600; }
.not-found blockquote { border-left-color: var(--warn); }
.warn { color: var(--warn); }
mark { background: var(--mark); color: inherit; }
.article p { max-width: 42rem; }
code { overflow-wrap: anywhere; }
)css";
}

std::string_view site_script() {
  return R"js('use strict';
(function () {
  // The filters in force, as the page's own links carry them.
  function filters() {
    var home = document.querySelector('a.home');
    return home ? home.search.replace(/^\?/, '') : '';
  }

  // Suggestions as a name is typed: links to the actors' pages.
  function suggest(input, list) {
    var timer = null, asked = '';
    function show(items) {
      list.textContent = '';
      items.forEach(function (item) {
        var li = document.createElement('li'), a = document.createElement('a'), type = document.createElement('span');
        var f = filters();
        a.href = '/actor?id=' + encodeURIComponent(item.id) + (f ? '&' + f : '');
        a.textContent = item.label + ' ';
        a.setAttribute('role', 'option');
        type.className = 'type';
        type.textContent = item.type + ' \u00b7 ' + item.id;
        a.appendChild(type);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute('aria-expanded', String(items.length > 0));
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q === asked) return;
        asked = q;
        if (!q) return show([]);
        fetch('/api/suggest?q=' + encodeURIComponent(q)).then(function (r) { return r.json(); })
          .then(function (items) { if (q === asked) show(items); }).catch(function () { show([]); });
      }, 120);
    });
    function links() { return Array.prototype.slice.call(list.querySelectorAll('a')); }
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' && links().length) { e.preventDefault(); links()[0].focus(); }
      if (e.key === 'Escape') show([]);
    });
    list.addEventListener('keydown', function (e) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' && i + 1 < all.length) { e.preventDefault(); all[i + 1].focus(); }
      if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
      if (e.key === 'Escape') { show([]); input.focus(); }
    });
  }

  // A form's fields left empty are not sent: the address keeps only what
  // was chosen. Given back when the page is shown again (the Back button).
  function dropEmpty(form) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value === '' && !field.disabled) {
        field.disabled = true;
        field.setAttribute('data-emptied', '1');
      }
    });
  }
  function send(form) {
    dropEmpty(form);
    form.submit();
  }

  // A slider beside each select of dates, moving through the same choices;
  // either applies the date when it is let go of or chosen.
  function slider(select) {
    var range = document.createElement('input');
    range.type = 'range';
    range.min = '0';
    range.max = String(select.options.length - 1);
    range.value = String(select.selectedIndex);
    range.setAttribute('aria-label', select.name.replace('_', ' ') + ' (slider)');
    range.addEventListener('input', function () { select.selectedIndex = Number(range.value); });
    range.addEventListener('change', function () {
      select.selectedIndex = Number(range.value);
      if (select.form) send(select.form);
    });
    select.addEventListener('change', function () {
      range.value = String(select.selectedIndex);
      if (select.form) send(select.form);
    });
    select.parentNode.insertBefore(range, select.nextSibling);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var input = document.getElementById('q'), list = document.getElementById('suggestions');
    if (input && list) suggest(input, list);
    Array.prototype.forEach.call(document.querySelectorAll('select[data-slider]'), slider);
    Array.prototype.forEach.call(document.querySelectorAll('form[method=get]'), function (form) {
      form.addEventListener('submit', function () { dropEmpty(form); });
    });
  });
  window.addEventListener('pageshow', function () {
    Array.prototype.forEach.call(document.querySelectorAll('[data-emptied]'), function (field) {
      field.disabled = false;
      field.removeAttribute('data-emptied');
    });
  });
})();
)js";
}

std::string_view site_icon() {
  return R"svg(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M4 4L12 8L4 12" fill="none" stroke="#1d4ed8" stroke-width="1.5"/><circle cx="4" cy="4" r="2.5" fill="#fde68a" stroke="#b45309"/><circle cx="12" cy="8" r="2.5" fill="#dbeafe" stroke="#1d4ed8"/><circle cx="4" cy="12" r="2.5" fill="#ffedd5" stroke="#c2410c"/></svg>)svg";
}

}  // namespace relmap::serve
