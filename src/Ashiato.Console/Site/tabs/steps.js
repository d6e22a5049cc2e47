// Steps: each step of the trace's GitHub Actions jobs (number, kind, name, action, exit code, duration), with what its
// processes did and the rule pack's findings in it. Open a step for its processes, hosts, files and findings.
import { h, api, ApiError, query, fmt, stepLabel } from '../lib.js';
import { processTree } from './processes.js';

const SEVERITIES = ['high', 'medium', 'low'];

export async function render(root, job, params) {
  const page = await api(`/api/jobs/${job.id}/steps` + query({ limit: 500 }));
  if (page.total === 0) {
    root.replaceChildren(h('p', { class: 'muted', id: 'no-steps' },
      'No GitHub Actions job in this trace: no Runner.Worker started one while it was traced (a trace of a single command, or of a runner between jobs).'));
    return;
  }
  const findings = await findingsOf(job);
  const jobs = Map.groupBy(page.items, s => s.job_id);
  const selected = params.get('step');
  root.replaceChildren(...[
    findings === null ? h('p', { class: 'unavailable' }, 'The detection rule pack is not available on this server: steps show no findings.') : null,
    ...[...jobs.values()].map(steps => jobPanel(job, steps, findings ?? [], selected))].filter(Boolean));
  root.querySelector('tr.step.selected')?.scrollIntoView({ block: 'center' });
}

/** The rule pack's findings, or null when this server has none (503). */
async function findingsOf(job) {
  try {
    return await api(`/api/jobs/${job.id}/detections`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 503) return null;
    throw e;
  }
}

function jobPanel(job, steps, findings, selected) {
  const run = steps.find(s => s.job)?.job;
  const title = run ? [h('b', {}, run.workflow_job ?? 'job'), ' ', h('span', { class: 'muted' }, [run.repository, run.run_id ? `run ${run.run_id}` : null,
    run.run_attempt && run.run_attempt !== '1' ? `attempt ${run.run_attempt}` : null, run.runner_name ? `on ${run.runner_name}` : null].filter(Boolean).join(' · '))]
    : h('b', {}, 'job');
  return h('div', { class: 'panel runner-job', 'data-job': steps[0].job_id },
    h('h2', {}, title, ' ', h('span', { class: 'muted mono' }, steps[0].job_id),
      run?.exit_code > 0 ? [' ', h('span', { class: 'badge bad' }, `exit ${run.exit_code}`)] : null,
      run && !run.runner_layout ? [' ', h('span', { class: 'badge warn', title: 'The worker does not sit in a runner\u2019s layout (no .runner beside its bin)' }, 'not in a runner layout')] : null),
    h('table', { class: 'steps' },
      h('thead', {}, h('tr', {}, ['#', 'Kind', 'Name', 'Action', 'Exit', 'Duration', 'Processes', 'Hosts', 'Files', 'Findings']
        .map(label => h('th', { class: ['#', 'Processes', 'Hosts', 'Files'].includes(label) ? 'num' : undefined }, label)))),
      h('tbody', {}, steps.flatMap(s => stepRows(job, s, findings.filter(f => f.job_id === s.job_id && f.step === s.step), s.key === selected)))));
}

function stepRows(job, s, findings, selected) {
  const detail = h('tr', { class: 'step-detail', hidden: true }, h('td', { colspan: 10 }));
  const worst = SEVERITIES.find(severity => findings.some(f => f.severity === severity));
  const row = h('tr', { class: `step${worst ? ' finding-' + worst : ''}${selected ? ' selected' : ''}`, 'data-step': s.key, tabindex: 0,
    title: 'Open the step', onclick: () => toggle(job, s, findings, detail), onkeydown: e => { if (e.key === 'Enter') toggle(job, s, findings, detail); } },
    h('td', { class: 'num' }, s.step),
    h('td', {}, s.kind ?? (s.step === 0 ? 'runner' : '—')),
    h('td', { class: 'mono' }, s.name ?? (s.kind === 'hook' && s.script ? s.script.split('/').pop() : '')),
    h('td', { class: 'mono action' }, s.action ?? ''),
    h('td', {}, s.exit_code === null || s.exit_code === undefined ? h('span', { class: 'muted' }, s.ended ? '—' : 'running') : h('span', { class: `badge ${s.exit_code ? 'bad' : 'ok'}` }, s.exit_code)),
    h('td', {}, fmt.duration(s.duration_ms)),
    h('td', { class: 'num' }, fmt.number(s.processes)),
    h('td', { class: 'num' }, fmt.number(s.hosts)),
    h('td', { class: 'num' }, fmt.number(s.files), s.sensitive_files ? [' ', h('span', { class: 'badge bad', title: 'sensitive files touched' }, `${s.sensitive_files} sensitive`)] : null),
    h('td', { class: 'findings' }, SEVERITIES.map(severity => {
      const count = findings.filter(f => f.severity === severity).length;
      return count ? h('span', { class: `badge ${severity}` }, `${count} ${severity}`) : null;
    })));
  if (selected) toggle(job, s, findings, detail);
  return [row, detail];
}

async function toggle(job, s, findings, detail) {
  detail.hidden = !detail.hidden;
  const cell = detail.firstChild;
  if (detail.hidden || cell.hasChildNodes()) return;
  const [hosts, files, tree] = await Promise.all([
    api(`/api/jobs/${job.id}/connections` + query({ step: s.key, limit: 20 })),
    api(`/api/jobs/${job.id}/files` + query({ step: s.key, limit: 20 })),
    processTree(job, s.key),
  ]);
  const link = tab => h('a', { href: `#/jobs/${job.id}/${tab}?step=${encodeURIComponent(s.key)}` }, `all in the ${tab === 'network' ? 'Network' : 'Files'} tab`);
  cell.append(...[
    h('p', { class: 'muted' }, `Step ${s.step} of job ${s.job_id}: ${stepLabel(s)}`, s.pid ? `, root process ${s.pid}` : '',
      s.script ? [', ', h('code', {}, s.script)] : null, s.script_sha256 ? [' ', h('span', { class: 'mono', title: 'SHA-256 of the script when the step started' }, `sha256 ${s.script_sha256.slice(0, 12)}…`)] : null),
    h('h3', {}, `Findings (${findings.length})`),
    findings.length ? h('ul', { class: 'step-findings' }, findings.map(f => h('li', { class: `finding ${f.severity}`, 'data-rule': f.rule_id },
      h('span', { class: `badge ${f.severity}` }, f.severity), ' ', h('b', {}, f.title), ' ', f.summary, ' ',
      h('a', { href: `#/jobs/${job.id}/detections` }, 'evidence')))) : h('p', { class: 'muted' }, 'None.'),
    h('h3', {}, 'Processes'), h('div', { class: 'tree' }, tree),
    h('h3', {}, `Hosts (${fmt.number(hosts.total)})`),
    hosts.items.length ? h('table', { class: 'step-hosts' }, h('tbody', {}, hosts.items.map(c => h('tr', {},
      h('td', { class: 'mono' }, c.host), h('td', { class: 'mono' }, c.ports.join(', ')), h('td', { class: 'num' }, fmt.number(c.connections)), h('td', {}, c.processes.join(', '))))))
      : h('p', { class: 'muted' }, 'None.'),
    hosts.total > hosts.items.length ? h('p', {}, link('network')) : null,
    h('h3', {}, `Files (${fmt.number(files.total)})`),
    files.items.length ? h('table', { class: 'step-files' }, h('tbody', {}, files.items.map(f => h('tr', { class: f.sensitive ? 'sensitive' : undefined },
      h('td', { class: 'mono' }, f.path, f.sensitive ? [' ', h('span', { class: 'badge bad' }, f.sensitive)] : null),
      h('td', { class: 'mono' }, [f.opens ? `opened ${f.opens}×` : null, f.writes ? `written ${f.writes}×` : null].filter(Boolean).join(', ')),
      h('td', {}, f.processes.join(', '))))))
      : h('p', { class: 'muted' }, 'None.'),
    files.total > files.items.length ? h('p', {}, link('files')) : null].filter(Boolean));
}
