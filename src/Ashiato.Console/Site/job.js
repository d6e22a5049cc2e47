// The job view: a header with the job's metadata and one tab per question (what ran, what it reached, ...).
import { h, api, fmt, errorBox } from './lib.js';
import * as summary from './tabs/summary.js';
import * as steps from './tabs/steps.js';
import * as processes from './tabs/processes.js';
import * as timeline from './tabs/timeline.js';
import * as network from './tabs/network.js';
import * as files from './tabs/files.js';
import * as queryTab from './tabs/query.js';
import * as detections from './tabs/detections.js';
import * as compare from './tabs/compare.js';
import * as download from './tabs/download.js';

const TABS = [
  ['summary', 'Summary', summary], ['steps', 'Steps', steps], ['processes', 'Process tree', processes], ['timeline', 'Timeline', timeline],
  ['network', 'Network', network], ['files', 'Files', files], ['query', 'Query', queryTab],
  ['detections', 'Detections', detections], ['compare', 'Compare', compare], ['download', 'Download', download],
];

export async function renderJob(root, id, tab, params) {
  let job;
  try {
    job = await api(`/api/jobs/${encodeURIComponent(id)}`);
  } catch (e) {
    root.replaceChildren(h('p', {}, h('a', { href: '#/jobs' }, '← Jobs')), errorBox(e));
    return;
  }
  const current = TABS.find(t => t[0] === tab) ?? TABS[0];
  const content = h('section', { id: 'tab-content', role: 'tabpanel', 'aria-label': current[1] });
  root.replaceChildren(
    h('p', {}, h('a', { href: '#/jobs' }, '← Jobs')),
    h('h1', {}, job.job),
    h('div', { class: 'meta' },
      h('span', {}, 'Repository ', h('b', {}, job.repo ?? '—')),
      h('span', {}, 'Workflow ', h('b', {}, job.workflow ?? '—')),
      h('span', {}, 'Run ', h('b', {}, job.run_id ?? '—')),
      h('span', {}, 'Commit ', h('b', { class: 'mono' }, job.sha ?? '—')),
      h('span', {}, 'Started ', h('b', {}, fmt.time(job.started_at))),
      h('span', {}, 'Duration ', h('b', {}, fmt.duration(job.duration_ms))),
      h('span', {}, 'Events ', h('b', {}, job.events === null ? '—' : fmt.number(job.events)))),
    h('nav', { class: 'tabs', role: 'tablist' }, TABS.map(([key, label]) =>
      h('a', { href: `#/jobs/${job.id}/${key}`, role: 'tab', 'aria-selected': String(key === current[0]) }, label))),
    content);
  if (job.state !== 'ready') {
    content.replaceChildren(h('div', { class: 'alert bad' }, 'This job has no trace yet: its upload has not completed.'));
    return;
  }
  try {
    await current[2].render(content, job, params);
  } catch (e) {
    content.replaceChildren(errorBox(e));
  }
}
