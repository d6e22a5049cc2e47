// Routes #/jobs and #/jobs/<id>/<tab> to their pages.
import { renderJobs } from './jobs.js';
import { renderJob } from './job.js';

const app = document.getElementById('app');

function route() {
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  const params = new URLSearchParams(search);
  if (parts[0] === 'jobs' && parts[1]) return renderJob(app, parts[1], parts[2] ?? 'summary', params);
  return renderJobs(app, params);
}

window.addEventListener('hashchange', route);
route();
