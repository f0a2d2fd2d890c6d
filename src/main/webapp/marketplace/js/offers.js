// Offer cards: the coordinator's registered miners, filtered and sorted in the browser, each with its
// reliability score recomputed here from the inputs the API shows next to it (the formula is the API's).
import { h, fill } from '../../explorer/js/ui.js';

const PRIOR_MS = 600000;

/** The published formula (Reliability in the coordinator's OpenAPI document), computed here again. */
export function reliabilityScore(r) {
  const success = (r.completed + 1) / (r.completed + r.failed + r.expired + 2);
  const uptime = Math.min(1, (Math.max(0, r.online_ms) + PRIOR_MS) / (Math.max(0, r.age_ms) + PRIOR_MS));
  return Math.round(100 * success * uptime);
}

export function filtersFrom(form) {
  const num = (id) => {
    const v = form.querySelector(id).value;
    return v === '' ? null : Number(v);
  };
  return {
    model: form.querySelector('#f-model').value,
    region: form.querySelector('#f-region').value,
    maxPrice: num('#f-max-price'),
    minVram: num('#f-min-vram'),
    available: form.querySelector('#f-available').checked,
    sort: form.querySelector('#f-sort').value,
  };
}

export function select(offers, f) {
  const kept = offers.filter((o) => (!f.model || (o.models || []).includes(f.model) || o.gpu_model === f.model)
    && (!f.region || o.region === f.region)
    && (f.maxPrice === null || o.price_per_hour <= f.maxPrice)
    && (f.minVram === null || (o.gpu_memory_gb || 0) >= f.minVram)
    && (!f.available || o.status === 'available'));
  const by = {
    'price-asc': (a, b) => a.price_per_hour - b.price_per_hour,
    'price-desc': (a, b) => b.price_per_hour - a.price_per_hour,
    'vram-desc': (a, b) => (b.gpu_memory_gb || 0) - (a.gpu_memory_gb || 0),
    'reliability-desc': (a, b) => b.reliability.score - a.reliability.score,
  }[f.sort] || (() => 0);
  return kept.sort((a, b) => by(a, b) || a.id.localeCompare(b.id));
}

/** Fills a select with the distinct values, keeping the current choice. */
export function options(selectEl, values) {
  const current = selectEl.value;
  const distinct = [...new Set(values.filter(Boolean))].sort();
  const shown = [...selectEl.options].slice(1).map((o) => o.value);
  // redraw only when the choices changed: a list rebuilt under an open menu closes it in the user's hand
  if (shown.length === distinct.length && shown.every((v, i) => v === distinct[i])) return;
  fill(selectEl, h('option', { value: '' }, 'any'), distinct.map((v) => h('option', { value: v }, v)));
  selectEl.value = distinct.includes(current) ? current : '';
}

function fact(label, value) {
  return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value));
}

export function card(o) {
  const r = o.reliability;
  const mine = reliabilityScore(r);
  const agrees = mine === r.score;
  return h('article', { class: 'offer', dataset: { minerId: o.id, status: o.status } },
    h('header', {},
      h('h3', {}, o.gpu_model + (o.gpu_count > 1 ? ` × ${o.gpu_count}` : '')),
      h('span', { class: 'status ' + o.status }, o.status)),
    h('dl', {},
      fact('VRAM', o.gpu_memory_gb == null ? '–' : o.gpu_memory_gb + ' GB'),
      fact('CUDA', o.cuda_version || '–'),
      fact('Region', o.region || '–'),
      fact('Price', h('span', { class: 'price' }, o.price_per_hour.toLocaleString('en') + ' / GPU-h')),
      fact('Capacity', `${o.open_capacity} of ${o.capacity} free`)),
    h('p', { class: 'models' }, (o.models || []).map((m) => h('span', { class: 'model' }, m))),
    h('p', { class: 'offer-score', title: `completed ${r.completed}, failed ${r.failed}, expired ${r.expired}, `
        + `uptime ${(100 * r.uptime).toFixed(1)} %` },
      'Reliability ', h('strong', {}, String(r.score)),
      h('span', { class: agrees ? 'ok' : 'bad', 'aria-label': agrees ? 'recomputed, matches' : 'recomputed, differs' },
        agrees ? ' ✓' : ` ✗ (${mine})`),
      h('span', { class: 'muted' }, ` · ${r.completed} done, ${r.failed} failed, ${r.expired} expired`)),
    h('p', { class: 'chain-check small muted', 'aria-live': 'polite' }, ''),
    h('p', { class: 'muted mono small' }, o.id));
}

/**
 * Whether the counts of an offer are what the chain says: the coordinator's receipts of this provider, counted by
 * the node ({completed, failed, expired} of /rpc/receipts/outcomes), and the score recomputed from them.
 */
export function chainVerdict(o, onChain) {
  const r = o.reliability;
  const c = onChain || { completed: 0, failed: 0, expired: 0 };
  const same = c.completed === r.completed && c.failed === r.failed && c.expired === r.expired;
  const score = reliabilityScore({ ...r, completed: c.completed, failed: c.failed, expired: c.expired });
  return { ok: same && score === r.score, score, counts: c };
}

/**
 * Draws the first {@code limit} matching offers (a thousand cards at once cost half a second of layout; the rest
 * come with "Show more"); returns how many match.
 */
export function render(container, offers, f, limit, onMore) {
  const shown = select(offers, f);
  const cards = shown.slice(0, limit).map(card);
  const more = shown.length > limit
    ? h('p', { class: 'more-offers' }, h('button', { type: 'button', class: 'secondary', id: 'more-offers', onclick: onMore },
      `Show ${Math.min(limit, shown.length - limit)} more of ${shown.length - limit}`))
    : null;
  fill(container, shown.length ? [cards, more]
    : h('p', { class: 'muted empty' }, offers.length ? 'No offer matches these filters.' : 'No miner is registered yet.'));
  return shown.length;
}
