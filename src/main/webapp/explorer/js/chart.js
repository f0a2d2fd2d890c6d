// Block interval (line, left axis) and transactions per block (bars, right axis) over the newest blocks,
// drawn as plain inline SVG.
import { h, s, fmt } from './ui.js';

/** From headers (any order) the chart items: blocks whose parent (not genesis) is also in the list. */
export function chartItems(headers) {
  const sorted = [...headers].sort((a, b) => a.height - b.height);
  const items = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (cur.height !== prev.height + 1 || prev.height === 0) continue;
    items.push({
      height: cur.height,
      interval: Math.max(0, (Date.parse(cur.timestamp) - Date.parse(prev.timestamp)) / 1000),
      txs: cur.tx_count,
    });
  }
  return items;
}

function niceMax(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function secs(v) {
  return v >= 100 ? Math.round(v) + ' s' : (Math.round(v * 10) / 10) + ' s';
}

export function renderChart(headers, { id = 'chart', width = 720 } = {}) {
  const items = chartItems(headers);
  // drawn at the width it is shown at, so its labels keep their size on a phone
  const W = Math.round(Math.min(900, Math.max(300, width || 720)));
  const H = W < 500 ? 200 : 240;
  const m = { l: 46, r: 34, t: 16, b: 34 };
  const iw = W - m.l - m.r;
  const ih = H - m.t - m.b;
  const title = `Block interval and transactions per block, ${items.length} newest blocks`;
  const wrap = h('figure', { class: 'chart', id });
  if (!items.length) {
    wrap.append(h('p', { class: 'muted empty' }, 'The chart needs at least two consecutive blocks after genesis.'));
    return wrap;
  }
  const maxI = niceMax(Math.max(...items.map((d) => d.interval)));
  const maxT = niceMax(Math.max(1, ...items.map((d) => d.txs)));
  const step = iw / items.length;
  const x = (i) => m.l + step * (i + 0.5);
  const yI = (v) => m.t + ih - (v / maxI) * ih;
  const yT = (v) => m.t + ih - (v / maxT) * ih;
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': id + '-title ' + id + '-desc',
    'data-points': items.length, preserveAspectRatio: 'xMidYMid meet',
  });
  const first = items[0];
  const last = items[items.length - 1];
  const avgI = items.reduce((a, d) => a + d.interval, 0) / items.length;
  const sumT = items.reduce((a, d) => a + d.txs, 0);
  svg.append(
    s('title', { id: id + '-title' }, title),
    s('desc', { id: id + '-desc' }, `Heights ${first.height} to ${last.height}: average interval ${secs(avgI)}, `
      + `${sumT} transactions in all, at most ${Math.max(...items.map((d) => d.txs))} in one block.`));
  const grid = s('g', { class: 'grid' });
  for (let k = 0; k <= 4; k++) {
    const y = m.t + ih - (ih * k) / 4;
    grid.append(s('line', { x1: m.l, x2: W - m.r, y1: y, y2: y }),
      s('text', { x: m.l - 6, y: y + 4, 'text-anchor': 'end', class: 'axis-i' }, secs((maxI * k) / 4)),
      s('text', { x: W - m.r + 6, y: y + 4, 'text-anchor': 'start', class: 'axis-t' }, fmt(Math.round((maxT * k) / 4 * 10) / 10)));
  }
  svg.append(grid);
  const bars = s('g', { class: 'bars' });
  const bw = Math.max(1, Math.min(18, step * 0.6));
  items.forEach((d, i) => {
    const y = yT(d.txs);
    bars.append(s('rect', { class: 'bar', x: x(i) - bw / 2, y, width: bw, height: m.t + ih - y, 'data-height': d.height },
      s('title', {}, `Block ${d.height}: ${d.txs} transaction${d.txs === 1 ? '' : 's'}`)));
  });
  svg.append(bars);
  const path = items.map((d, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${yI(d.interval).toFixed(1)}`).join('');
  svg.append(s('path', { class: 'line', d: path }));
  const points = s('g', { class: 'points' });
  items.forEach((d, i) => {
    points.append(s('circle', { class: 'pt', cx: x(i).toFixed(1), cy: yI(d.interval).toFixed(1), r: 3, 'data-height': d.height },
      s('title', {}, `Block ${d.height}: ${secs(d.interval)} after its parent`)));
  });
  svg.append(points);
  const labels = s('g', { class: 'xlabels' });
  const every = Math.max(1, Math.ceil(items.length / Math.max(3, Math.floor(iw / 70))));
  items.forEach((d, i) => {
    if (i % every === 0 || i === items.length - 1) {
      labels.append(s('text', { x: x(i), y: H - m.b + 16, 'text-anchor': 'middle' }, String(d.height)));
    }
  });
  labels.append(s('text', { x: m.l + iw / 2, y: H - 4, 'text-anchor': 'middle', class: 'axis-name' }, 'block height'));
  svg.append(labels);
  wrap.append(svg, h('figcaption', {},
    h('span', { class: 'key key-i' }, 'interval since parent (s, left)'),
    h('span', { class: 'key key-t' }, 'transactions per block (right)'),
    h('span', { class: 'muted' }, ` — ${items.length} blocks, ${first.height}–${last.height}`)));
  return wrap;
}
