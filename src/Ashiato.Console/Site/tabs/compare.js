// Compare: pick earlier, normal runs as the baseline and see what this run did that none of them did, over the whole
// run and for each step of its GitHub Actions jobs whose behaviour changed.
import { h, api, ApiError, query, fmt, unavailable, debounce, stepLabel } from '../lib.js';

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
      output.replaceChildren(...[...diff.sections.map(s => h('div', { class: 'panel' },
        h('h2', {}, s.title, ' ', h('span', { class: `badge ${s.items.length ? 'bad' : 'ok'}` }, s.items.length ? `${s.items.length} new` : 'nothing new')),
        s.items.length ? items(s.items) : null)),
        diff.steps.length ? h('h2', { id: 'step-changes' }, 'By step, compared with the same step in the baselines') : null,
        ...diff.steps.map(step => h('div', { class: 'panel step-change', 'data-key': step.key },
          h('h2', {}, `Step${step.steps.length > 1 ? 's' : ''} ${step.steps.join(', ')} `, h('code', {}, stepLabel({ ...step, step: step.steps[0] })), ' ',
            h('span', { class: 'muted mono' }, step.job_id), ' ', change(step)),
          ...step.sections.filter(s => s.items.length).map(s => [h('h3', {}, s.title), items(s.items)])))].filter(Boolean));
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

function items(list) {
  return h('table', { class: 'diff' },
    h('thead', {}, h('tr', {}, h('th', {}, 'New'), h('th', {}, 'First seen as'), h('th', { class: 'num' }, 'Times'), h('th', {}, 'Process'), h('th', {}, 'When'))),
    h('tbody', {}, list.map(i => h('tr', {},
      h('td', { class: 'mono' }, i.key), h('td', { class: 'mono' }, i.example === i.key ? '' : i.example),
      h('td', { class: 'num' }, fmt.number(i.count)), h('td', {}, i.process ?? ''), h('td', { class: 'mono muted' }, (i.first_seen ?? '').replace(/^.*T/, ''))))));
}

/** Why the step is listed besides what is new: no baseline ran it, its action's ref or its script changed. */
function change(step) {
  if (step.new_step) return h('span', { class: 'badge bad' }, 'in no baseline');
  if (step.refs.some(r => !step.baseline_refs.includes(r))) return h('span', { class: 'badge warn' }, `ref ${step.refs.join(', ')}, baselines ran ${step.baseline_refs.join(', ')}`);
  if (step.script_changed) return h('span', { class: 'badge warn' }, 'script changed');
  return null;
}
