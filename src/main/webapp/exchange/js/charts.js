// Hand-drawn SVG charts: the depth chart (cumulative AITBC on each side of the spread; a click picks the nearest
// level) and the price chart of the last trades.
import { s, fill, h } from '../../explorer/js/ui.js';
import { decimal, int, time } from './api.js';

const W = 640;
const H = 240;
const PAD = { l: 58, r: 12, t: 12, b: 26 };

function scale(d0, d1, r0, r1) {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

function cumulative(levels) {
  let sum = 0;
  return levels.map((l) => {
    sum += Number(l.amount);
    return { price: Number(l.price), amount: Number(l.amount), total: sum };
  });
}

function empty(container, text) {
  fill(container, h('p', { class: 'muted empty' }, text));
}

/**
 * Draws the book's depth into container (a figure); onPick(side 'B'|'S', price) when a point is clicked.
 * Levels are the best first of each side (at most `levels` of each are drawn).
 */
export function depthChart(container, buys, sells, onPick, levels = 60) {
  const b = cumulative(buys.slice(0, levels));
  const a = cumulative(sells.slice(0, levels));
  if (!b.length && !a.length) {
    empty(container, 'The book is empty.');
    return;
  }
  const prices = [...b, ...a].map((p) => p.price);
  let lo = Math.min(...prices);
  let hi = Math.max(...prices);
  if (lo === hi) {
    lo = Math.max(0, lo - Math.max(1, lo * 0.05));
    hi += Math.max(1, hi * 0.05);
  }
  const maxTotal = Math.max(...b.map((p) => p.total), ...a.map((p) => p.total), 1);
  const x = scale(lo, hi, PAD.l, W - PAD.r);
  const y = scale(0, maxTotal, H - PAD.b, PAD.t);
  const base = H - PAD.b;

  // buys step down leftwards from the best bid, sells step up rightwards from the best ask
  const area = (points, leftwards) => {
    if (!points.length) return '';
    const edge = leftwards ? PAD.l : W - PAD.r;
    let d = `M${x(points[0].price).toFixed(1)},${base}`;
    for (let i = 0; i < points.length; i++) {
      const px = x(points[i].price).toFixed(1);
      d += ` L${px},${y(points[i].total).toFixed(1)}`;
      const next = i + 1 < points.length ? x(points[i + 1].price) : edge;
      d += ` L${next.toFixed(1)},${y(points[i].total).toFixed(1)}`;
    }
    return d + ` L${edge.toFixed(1)},${base} Z`;
  };

  const grid = [0, 0.5, 1].map((f) => {
    const v = maxTotal * f;
    return s('g', { class: 'grid' }, s('line', { x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v) }),
      s('text', { x: PAD.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, decimal(BigInt(Math.round(v)))));
  });
  const ticks = [lo, (lo + hi) / 2, hi].map((p, i) => s('text', {
    x: x(p), y: H - 8, 'text-anchor': ['start', 'middle', 'end'][i] }, int(Math.round(p))));

  // transparent hit areas, one per level, each with its tooltip
  const hits = (points, side) => points.map((p, i) => {
    const here = x(p.price);
    const next = i + 1 < points.length ? x(points[i + 1].price) : (side === 'B' ? PAD.l : W - PAD.r);
    const x0 = Math.min(here, next) - (i === 0 ? 4 : 0);
    const width = Math.max(6, Math.abs(next - here));
    return s('rect', { class: 'hit', x: x0.toFixed(1), y: PAD.t, width: width.toFixed(1), height: base - PAD.t,
      'data-side': side, 'data-price': p.price },
    s('title', {}, `${side === 'B' ? 'Buy' : 'Sell'} level ${int(p.price)} sat: ${decimal(BigInt(p.amount))} AITBC `
      + `(cumulative ${decimal(BigInt(p.total))}) — click to ${side === 'B' ? 'sell' : 'buy'} at this price`));
  });

  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'depth-title depth-desc' },
    s('title', { id: 'depth-title' }, 'Depth chart'),
    s('desc', { id: 'depth-desc' }, `Cumulative AITBC offered: ${b.length} buy levels from ${b.length ? int(b[0].price) : '–'} sat down, `
      + `${a.length} sell levels from ${a.length ? int(a[0].price) : '–'} sat up.`),
    grid, ticks,
    s('path', { class: 'depth-buy', d: area(b, true) }),
    s('path', { class: 'depth-sell', d: area(a, false) }),
    hits(b, 'B'), hits(a, 'S'));
  svg.addEventListener('click', (e) => {
    const t = e.target.closest('rect.hit');
    if (t) onPick(t.getAttribute('data-side'), Number(t.getAttribute('data-price')));
  });
  fill(container, svg, h('figcaption', {},
    h('span', { class: 'key key-buy' }, 'buys (cumulative)'), h('span', { class: 'key key-sell' }, 'sells (cumulative)'),
    h('span', { class: 'muted' }, 'Click a level to fill the order form.')));
}

/** The last trades' prices, oldest first: [{time, price}]. */
export function priceChart(container, points) {
  if (!points.length) {
    empty(container, 'No trades yet.');
    return;
  }
  const prices = points.map((p) => Number(p.price));
  let lo = Math.min(...prices);
  let hi = Math.max(...prices);
  if (lo === hi) {
    lo = Math.max(0, lo - Math.max(1, lo * 0.02));
    hi += Math.max(1, hi * 0.02);
  }
  const x = scale(0, Math.max(1, points.length - 1), PAD.l, W - PAD.r);
  const y = scale(lo, hi, H - PAD.b, PAD.t);
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(Number(p.price)).toFixed(1)}`).join(' ');
  const grid = [lo, (lo + hi) / 2, hi].map((v) => s('g', { class: 'grid' },
    s('line', { x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v) }),
    s('text', { x: PAD.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, int(Math.round(v)))));
  const last = points[points.length - 1];
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'price-title price-desc' },
    s('title', { id: 'price-title' }, 'Price chart'),
    s('desc', { id: 'price-desc' }, `${points.length} trades from ${int(prices[0])} to ${int(Number(last.price))} sat per AITBC, `
      + `low ${int(Math.min(...prices))}, high ${int(Math.max(...prices))}.`),
    grid,
    s('text', { x: PAD.l, y: H - 8, 'text-anchor': 'start' }, time(points[0].time)),
    s('text', { x: W - PAD.r, y: H - 8, 'text-anchor': 'end' }, time(last.time)),
    s('path', { class: 'line', d }),
    points.length <= 60 ? points.map((p, i) => s('circle', { class: 'pt', cx: x(i).toFixed(1), cy: y(Number(p.price)).toFixed(1), r: 2.5 },
      s('title', {}, `${time(p.time)}: ${int(p.price)} sat`))) : null);
  fill(container, svg, h('figcaption', {}, h('span', { class: 'key key-i' }, 'price, sat per AITBC'),
    h('span', { class: 'muted' }, `last ${points.length} trades`)));
}
