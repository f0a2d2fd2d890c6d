// Small DOM helpers: element builder, shortened hashes with copy buttons, local times with relative ages,
// tables, pagers.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

/** replaceChildren without the null/false placeholders of optional parts. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

export function shorten(value, head = 8, tail = 6) {
  const v = String(value);
  return v.length <= head + tail + 1 ? v : v.slice(0, head) + '…' + v.slice(-tail);
}

let copyStatus;
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    const area = h('textarea', { class: 'visually-hidden', 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (e2) {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

function copyIcon() {
  return s('svg', { viewBox: '0 0 16 16', width: '13', height: '13', 'aria-hidden': 'true', class: 'copy-icon' },
    s('rect', { x: '5', y: '5', width: '9', height: '9', rx: '1.5' }), s('path', { d: 'M11 3.5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h.5' }));
}

export function copyButton(text, what = 'value') {
  const button = h('button', { type: 'button', class: 'copy', 'aria-label': `Copy ${what}`, title: `Copy ${what}` }, copyIcon());
  button.addEventListener('click', async (e) => {
    e.preventDefault();
    const ok = await copyText(text);
    button.replaceChildren(ok ? '✓' : '✗');
    if (!copyStatus) {
      copyStatus = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
      document.body.append(copyStatus);
    }
    copyStatus.textContent = ok ? `Copied ${what}` : `Could not copy ${what}`;
    setTimeout(() => button.replaceChildren(copyIcon()), 1200);
  });
  return button;
}

/** A long value shown shortened (full value in the title and for copying), optionally a link. */
export function hashView(value, href, { what = 'hash', full = false, head, tail } = {}) {
  if (value === null || value === undefined || value === '') return h('span', { class: 'muted' }, '—');
  const text = full ? value : shorten(value, head, tail);
  const label = h(href ? 'a' : 'span', { href, class: 'mono', title: value, 'data-link': href ? '' : null }, text);
  return h('span', { class: 'hash' }, label, copyButton(value, what));
}

export function addressView(address, opts = {}) {
  if (!address) return h('span', { class: 'muted' }, '—');
  return hashView(address, 'address/' + address, { what: 'address', head: 10, tail: 6, ...opts });
}

export function txView(hash, opts = {}) {
  return hashView(hash, 'tx/' + hash, { what: 'transaction hash', ...opts });
}

export function blockLink(height) {
  if (height === null || height === undefined) return h('span', { class: 'muted' }, 'pending');
  return h('a', { href: 'block/' + height, 'data-link': '' }, fmt(height));
}

// one formatter each, made on first use and kept: toLocaleString builds a new one on every call, which adds up
// over a table
let numberFormat;
export function fmt(n) {
  if (typeof n !== 'number') return n === null || n === undefined ? '—' : String(n);
  if (!numberFormat) numberFormat = new Intl.NumberFormat();
  return numberFormat.format(n);
}

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'always', style: 'short' });
export function relative(ms) {
  const sec = Math.round((ms - Date.now()) / 1000);
  const abs = Math.abs(sec);
  if (abs < 60) return rtf.format(sec, 'second');
  if (abs < 3600) return rtf.format(Math.round(sec / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(sec / 3600), 'hour');
  return rtf.format(Math.round(sec / 86400), 'day');
}

let localFormat;
export function localTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  if (!localFormat) {
    localFormat = new Intl.DateTimeFormat(undefined, {
      year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short',
    });
  }
  return localFormat.format(d);
}

/** <time> with the relative age as text and the full local time as title (kept fresh by the ticker). */
export function timeView(iso, { withLocal = false } = {}) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const t = h('time', { datetime: iso, title: localTime(iso), 'data-rel': '' }, relative(Date.parse(iso)));
  return withLocal ? h('span', {}, localTime(iso), ' (', t, ')') : t;
}

export function tickRelativeTimes(root = document) {
  for (const t of root.querySelectorAll('time[data-rel]')) {
    t.textContent = relative(Date.parse(t.getAttribute('datetime')));
  }
}

/** columns: [{label, cell: row => node, class?}] */
export function table(columns, rows, { caption, empty = 'Nothing yet.', id, rowClass } = {}) {
  if (!rows.length) return h('p', { class: 'muted empty', id }, empty);
  return h('div', { class: 'table-wrap', id },
    h('table', {},
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label)))),
      h('tbody', {}, rows.map((r) => h('tr', { class: rowClass ? rowClass(r) : null },
        columns.map((c) => h('td', { class: c.class, 'data-label': c.label }, c.cell(r))))))));
}

const NEWEST_FIRST = ['« First', '‹ Newer', 'Older ›', 'Oldest »'];
export const IN_ORDER = ['« First', '‹ Previous', 'Next ›', 'Last »'];

/** Pager for 1-based pages; hrefFor(page) gives each link; labels: first, previous, next, last. */
export function pager(page, pages, hrefFor, label = 'Pages', labels = NEWEST_FIRST) {
  if (pages <= 1) return null;
  const item = (p, text, rel) => (p < 1 || p > pages || p === page
    ? h('span', { class: 'page disabled', 'aria-current': p === page ? 'page' : null }, text)
    : h('a', { class: 'page', href: hrefFor(p), 'data-link': '', rel, 'data-page': String(p) }, text));
  return h('nav', { class: 'pager', 'aria-label': label },
    item(1, labels[0]), item(page - 1, labels[1], 'prev'),
    h('span', { class: 'page-of' }, `Page ${fmt(page)} of ${fmt(pages)}`),
    item(page + 1, labels[2], 'next'), item(pages, labels[3]));
}

/** A definition list from [label, value] pairs (null values skipped). */
export function fields(pairs) {
  return h('dl', { class: 'fields' }, pairs.filter((p) => p && p[1] !== undefined).map(([k, v]) =>
    [h('dt', {}, k), h('dd', {}, v === null ? h('span', { class: 'muted' }, '—') : v)]));
}

export function badge(text, kind) {
  return h('span', { class: 'badge ' + (kind || '') }, text);
}

export function download(name, text, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
