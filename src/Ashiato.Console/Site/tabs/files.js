// Files: every path opened or written, sensitive ones first and highlighted, with the job steps and actions whose
// processes touched each; ?step=<job_id>:<n> shows one step's.
import { h, api, query, fmt, pager, debounce, stepCells, stepFilterNote } from '../lib.js';

export async function render(root, job, params) {
  const state = { q: params.get('q') ?? '', show: params.get('show') ?? 'all', step: params.get('step') ?? '' };
  const box = h('div');
  const load = offset => loadFiles(job, box, state, offset);
  root.replaceChildren(
    h('div', { class: 'filters' },
      h('input', { type: 'search', placeholder: 'Filter paths', value: state.q, 'aria-label': 'Filter paths', oninput: debounce(e => { state.q = e.target.value; load(0); }) }),
      h('select', { 'aria-label': 'Show', onchange: e => { state.show = e.target.value; load(0); } },
        [['all', 'All files'], ['written', 'Written'], ['changed', 'Renamed, deleted or chmodded'], ['sensitive', 'Sensitive only']].map(([value, label]) => h('option', { value, selected: value === state.show }, label)))),
    stepFilterNote(job, 'files', state.step),
    box);
  await load(0);
}

async function loadFiles(job, box, state, offset) {
  const page = await api(`/api/jobs/${job.id}/files` + query({ q: state.q, show: state.show, step: state.step, offset, limit: 100 }));
  box.replaceChildren(
    page.items.length === 0 ? h('p', { class: 'muted' }, 'No files match.') :
      h('table', { id: 'files' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Path'), h('th', {}, 'Flags'), h('th', { class: 'num' }, 'Opens'), h('th', { class: 'num' }, 'Writes'), h('th', { class: 'num' }, 'Bytes written'), h('th', {}, 'Changes'), h('th', {}, 'Processes'),
          h('th', {}, 'Step'), h('th', {}, 'Action'))),
        h('tbody', {}, page.items.map(f => h('tr', { class: f.sensitive ? 'sensitive' : undefined },
          h('td', { class: 'mono' }, f.path, f.sensitive ? [' ', h('span', { class: 'badge bad' }, f.sensitive)] : null),
          h('td', { class: 'mono' }, f.flags.join(', ')),
          h('td', { class: 'num' }, fmt.number(f.opens)), h('td', { class: 'num' }, fmt.number(f.writes)),
          h('td', { class: 'num' }, f.writes ? fmt.bytes(f.bytes_written) : '—'),
          h('td', { class: 'mono changes' }, changes(f)),
          h('td', {}, f.processes.join(', ')), stepCells(job, f.steps))))),
    pager(page, o => loadFiles(job, box, state, o)));
}

/** What happened to the path besides opens and writes: renames both ways, deletes and chmods. */
function changes(f) {
  return [
    ...f.renamed_to.map(to => h('div', { class: 'renamed-to' }, `renamed → ${to}`)),
    ...f.renamed_from.map(from => h('div', { class: 'renamed-from' }, `renamed from ${from}`)),
    f.deletes ? h('div', { class: 'deleted' }, f.deletes > 1 ? `deleted (${fmt.number(f.deletes)}×)` : 'deleted') : null,
    ...f.modes.map(mode => h('div', { class: 'chmod' }, `chmod ${mode}`)),
  ];
}
