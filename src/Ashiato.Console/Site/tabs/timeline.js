// Timeline: a stacked bar chart of events over time by type, drawn as SVG.
import { h, fmt, api, EVENT_TYPES } from '../lib.js';

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs, ...children) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
};

export async function render(root, job) {
  const t = await api(`/api/jobs/${job.id}/timeline?buckets=120`);
  if (!t.buckets) { root.replaceChildren(h('p', { class: 'muted' }, 'No timestamped events.')); return; }
  const types = EVENT_TYPES.filter(type => t.series[type]);
  const totals = Array.from({ length: t.buckets }, (_, i) => types.reduce((sum, type) => sum + t.series[type][i], 0));
  const max = Math.max(1, ...totals);
  const [width, height, left, bottom] = [1000, 260, 48, 24];
  const barWidth = (width - left) / t.buckets;
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height + bottom}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': 'Events over time by type' });
  for (let i = 0; i < t.buckets; i++) {
    let y = height;
    for (const type of types) {
      const count = t.series[type][i];
      if (!count) continue;
      const barHeight = (count / max) * (height - 10);
      y -= barHeight;
      chart.append(svg('rect', { x: left + i * barWidth, y, width: Math.max(1, barWidth - 1), height: barHeight, style: `fill: var(--${colour(type)})` },
        svg('title', {}, `${fmt.time(new Date(Date.parse(t.start) + i * t.bucket_ms))}: ${count} ${type}`)));
    }
  }
  chart.append(svg('text', { x: 4, y: 14, 'font-size': 12 }, String(max)), svg('text', { x: 4, y: height, 'font-size': 12 }, '0'),
    svg('text', { x: left, y: height + 18, 'font-size': 12 }, fmt.time(t.start)),
    svg('text', { x: width - 4, y: height + 18, 'font-size': 12, 'text-anchor': 'end' }, `+${fmt.duration(t.bucket_ms * t.buckets)}`));
  root.replaceChildren(
    h('div', { class: 'legend' }, types.map(type => h('span', {}, h('span', { class: `bar type-${type}`, style: 'width:14px' }), type,
      h('span', { class: 'muted' }, `(${fmt.number(t.series[type].reduce((a, b) => a + b, 0))})`)))),
    chart,
    h('p', { class: 'muted' }, `Each bar is ${fmt.duration(t.bucket_ms)}.`));
}

function colour(type) {
  return {
    process_exec: 'exec', net_connect: 'net', dns_query: 'dns', file_open: 'open', file_write: 'write',
    process_fork: 'fork', file_rename: 'rename', file_delete: 'delete', file_chmod: 'chmod', process_access: 'access',
  }[type];
}
