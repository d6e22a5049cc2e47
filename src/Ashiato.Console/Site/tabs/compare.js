// Compare: pick earlier, normal runs as the baseline and see what this run did that none of them did.
import { h, api, ApiError, query, fmt, unavailable, debounce } from '../lib.js';

export async function render(root, job) {
  // Asking without baselines tells whether this server has a diff engine (503) before anyone picks jobs.
  try {
    await api(`/api/jobs/${job.id}/compare`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 503) { root.replaceChildren(unavailable(e)); return; }
  }
  const chosen = new Set();
  const list = h('div', { class: 'checklist', id: 'baseline-jobs' });
  const output = h('div', { id: 'compare-output' });
  const button = h('button', { type: 'button', class: 'primary', disabled: true, id: 'run-compare' }, 'Compare');
  const load = async q => {
    const page = await api('/api/jobs' + query({ q, repo: q ? undefined : job.repo, limit: 100 }));
    const others = page.jobs.filter(j => j.id !== job.id && j.state === 'ready');
    list.replaceChildren(...(others.length ? others.map(j => h('label', {},
      h('input', { type: 'checkbox', value: j.id, checked: chosen.has(j.id), onchange: e => { e.target.checked ? chosen.add(j.id) : chosen.delete(j.id); button.disabled = chosen.size === 0; } }),
      ` ${j.job} `, h('span', { class: 'muted' }, `${j.repo ?? ''} · ${fmt.time(j.started_at)}`))) : [h('p', { class: 'muted' }, 'No other jobs to compare with.')]));
  };
  button.addEventListener('click', async () => {
    output.replaceChildren(h('p', { class: 'muted' }, 'Comparing…'));
    try {
      const diff = await api(`/api/jobs/${job.id}/compare` + query({ baseline: [...chosen].join(',') }));
      output.replaceChildren(...diff.sections.map(s => h('div', { class: 'panel' },
        h('h2', {}, s.title, ' ', h('span', { class: `badge ${s.items.length ? 'bad' : 'ok'}` }, s.items.length ? `${s.items.length} new` : 'nothing new')),
        s.items.length ? h('table', { class: 'diff' },
          h('thead', {}, h('tr', {}, h('th', {}, 'New'), h('th', {}, 'First seen as'), h('th', { class: 'num' }, 'Times'), h('th', {}, 'Process'), h('th', {}, 'When'))),
          h('tbody', {}, s.items.map(i => h('tr', {},
            h('td', { class: 'mono' }, i.key), h('td', { class: 'mono' }, i.example === i.key ? '' : i.example),
            h('td', { class: 'num' }, fmt.number(i.count)), h('td', {}, i.process ?? ''), h('td', { class: 'mono muted' }, (i.first_seen ?? '').replace(/^.*T/, '')))))) : null)));
    } catch (e) {
      output.replaceChildren(e instanceof ApiError && e.status === 503 ? unavailable(e) : h('div', { class: 'alert bad' }, e.message));
    }
  });
  root.replaceChildren(
    h('div', { class: 'panel' },
      h('p', {}, 'Pick baseline jobs (normal runs of the same build).'),
      h('div', { class: 'filters' }, h('input', { type: 'search', placeholder: 'Find jobs', 'aria-label': 'Find baseline jobs', oninput: debounce(e => load(e.target.value)) })),
      list, h('p', {}, button)),
    output);
  await load('');
}
