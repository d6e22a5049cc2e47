-- id: exfiltration-upload
-- title: Data sent out of the job
-- severity: medium
-- description: Data leaving the job for a host outside the registry allow-list (egress-allowlist.txt): curl with -F,
--   -d, --data*, --json, -T or --upload-file, wget with --post-file, --post-data, --body-file or --body-data, or an
--   inline python, node or perl program that posts or sends (requests.post, urlopen with data, fetch, http.request,
--   socket sends) and names a URL (medium; high when what is sent is a file of the sensitive-path catalog, as in
--   curl -d @~/.netrc); any lookup of or connection to a webhook, paste or request-bin host (webhook-hosts.txt:
--   medium); and a step that read a credential, the runner's credentials, password hashes or another process's memory
--   and then reached a host outside the allow-list (high: a theft path completed). A step is a GitHub Actions job's
--   step, or outside a job one command of the traced script with everything it started.
-- technique: T1041
-- phase: upload
-- remediation: Find the step and process (see the ancestry) that sent the data and what it read before; rotate every
--   credential it could read, and remove or pin the action or dependency responsible. If the host is one you use
--   (an artifact store, your own API), add it to egress-allowlist.txt in your --rules folder.
WITH url_hosts AS (
    -- the host of every URL on a command line
    SELECT x.exec_id, lower(regexp_extract(u, '^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^/@]*@)?(\[[^\]]+\]|[^/:?#]+)', 1)) AS host
    FROM (SELECT exec_id, unnest(args) AS u FROM execs) x
    WHERE regexp_matches(u, '^[a-zA-Z][a-zA-Z0-9+.-]*://')
),
senders AS (
    SELECT x.exec_id, x.data, x.program, x.args, x.cwd,
           CASE
               WHEN x.program = 'curl' AND len([a FOR a IN x.args[2:] IF regexp_matches(a,
                    '^(-[a-zA-Z]*[dFT].*|--(form|form-string|data|data-binary|data-raw|data-ascii|data-urlencode|upload-file|json)(=.*)?)$')]) > 0
                    THEN 'curl upload'
               WHEN x.program = 'wget' AND len([a FOR a IN x.args[2:] IF regexp_matches(a,
                    '^--(post-file|post-data|body-file|body-data)(=.*)?$|^--method=(POST|PUT|post|put)$')]) > 0
                    THEN 'wget upload'
               WHEN x.program IN ('python', 'node', 'nodejs', 'perl', 'ruby') AND list_has_any(x.args, ['-c', '-e', '--eval', '-p', '--print'])
                    AND regexp_matches(array_to_string(x.args, ' '),
                        'requests\.(post|put)|urlopen\([^)]*data|method\s*[:=]\s*[''"](POST|PUT)|\bfetch\(|https?\.request\(|\.sendall?\(|LWP::UserAgent|HTTP::Tiny|Net::HTTP')
                    AND regexp_matches(array_to_string(x.args, ' '), '(https?|ftp)://|socket')
                    THEN 'scripted upload'
           END AS kind,
           -- what is sent from a file: curl's @file, name=@file and -T file, wget's --post-file and --body-file
           [p FOR p IN [CASE
                   WHEN starts_with(x.args[i], '@') THEN x.args[i][2:]
                   WHEN regexp_matches(x.args[i], '^-[a-zA-Z]*[dF]@') THEN regexp_extract(x.args[i], '@([^;]+)', 1)
                   WHEN contains(x.args[i], '=@') THEN regexp_extract(x.args[i], '=@([^;]+)', 1)
                   WHEN x.args[i - 1] IN ('-T', '--upload-file', '--post-file', '--body-file') THEN x.args[i]
                   WHEN regexp_matches(x.args[i], '^--(post|body|upload)-file=') THEN regexp_extract(x.args[i], '=(.*)$', 1)
               END FOR i IN range(2, len(x.args) + 1)] IF p IS NOT NULL AND p NOT IN ('', '-')] AS sent_files
    FROM execs x
),
sent AS (
    SELECT exec_id, CASE WHEN starts_with(f, '/') THEN f ELSE coalesce(cwd, '') || '/' || f END AS path
    FROM (SELECT exec_id, cwd, unnest(sent_files) AS f FROM senders)
),
uploads AS (
    SELECT s.*, h.host,
           EXISTS (SELECT 1 FROM sent t JOIN sensitive_files f ON f.path = t.path
                   WHERE t.exec_id = s.exec_id
                     AND f.category IN ('credential', 'runner-credential', 'system-secret', 'process-memory')) AS sends_secret
    FROM senders s
    JOIN url_hosts h ON h.exec_id = s.exec_id
    WHERE s.kind IS NOT NULL AND h.host <> '' AND NOT allowed_host(h.host)
),
secret_reads AS (
    -- reads that put a secret in a step's hands: not by the file's owner (git reading its credentials to push), not a
    -- process's own /proc
    SELECT r.* FROM sensitive_acts r
    WHERE r.access = 'read'
      AND (r.category IN ('credential', 'runner-credential', 'system-secret')
           OR (r.category = 'process-memory'
               AND coalesce(TRY_CAST(regexp_extract(r.target, '^/proc/([0-9]+)/', 1) AS BIGINT), r.pid) <> r.pid))
      AND NOT (coalesce(list_contains(r.owners, r.program), false) AND NOT (r.entry = 'netrc' AND r.program = 'python'))
),
outside AS (
    -- a lookup of a single-label name (the machine's own, as sudo makes) goes nowhere
    SELECT c.* FROM contacts c WHERE NOT allowed_host(c.host) AND (c.type = 'net_connect' OR contains(c.host, '.'))
),
read_then_sent AS (
    -- the first secret read of the step before each outside contact
    SELECT o.data AS contact_data, o.exec_id, o.host, o.scope,
           arg_min(r.data, r.ts) AS read_data, arg_min(r.title, r.ts) AS title, arg_min(r.target, r.ts) AS target
    FROM outside o
    JOIN secret_reads r ON r.scope = o.scope AND r.ts <= o.ts
    GROUP BY o.data, o.exec_id, o.host, o.scope
)
SELECT u.data, u.exec_id,
       CASE WHEN u.sends_secret THEN 'high' ELSE 'medium' END AS severity,
       format('{} to {}: {}', u.kind, u.host, left(array_to_string(u.args, ' '), 200)) AS summary,
       'upload' AS reason
FROM uploads u
UNION ALL
SELECT unnest([t.read_data, t.contact_data]) AS data, t.exec_id, 'high' AS severity,
       format('read {} ({}), then reached {} from the same step', t.title, t.target, t.host) AS summary,
       'read-then-send' AS reason
FROM read_then_sent t
UNION ALL
SELECT c.data, c.exec_id, 'medium' AS severity,
       format('reached the webhook or paste host {}', c.host) AS summary,
       'webhook' AS reason
FROM contacts c
WHERE webhook_host(c.host)
