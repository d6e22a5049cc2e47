-- id: download-and-execute
-- title: Download or remote-code tool run
-- severity: low
-- description: A downloader or network relay ran (curl, wget, nc, ncat, netcat, socat), an interpreter ran inline
--   code that names a URL (python -c, node -e, perl -e, ruby -e), or base64 -d fed a shell. Inline code with a URL
--   and anything piped into a shell are medium severity; anything under a package's install script is high.
-- technique: T1105
-- remediation: Check what was fetched and run (the evidence holds the command line and its connections). Install
--   scripts should not download code: remove the dependency or install with scripts disabled
--   (npm ci --ignore-scripts, pip install --only-binary :all:) and vendor what the build needs.
WITH neighbours AS (
    SELECT exec_id, ts,
           lag(program) OVER w AS previous_program, lag(args) OVER w AS previous_args, lag(ts) OVER w AS previous_ts,
           lead(program) OVER w AS next_program, lead(args) OVER w AS next_args, lead(ts) OVER w AS next_ts
    FROM execs
    WINDOW w AS (PARTITION BY parent_exec_id ORDER BY ts, exec_id)
),
siblings AS (
    -- A pipeline's commands are forked one after the other by the same shell: "a | sh" makes a and sh adjacent
    -- execs of one parent, close in time. A shell with no script and no -c reads its program from stdin.
    SELECT exec_id,
           (previous_program IN ('sh', 'bash', 'dash', 'zsh') AND (len(previous_args) = 1 OR previous_args[2] IN ('-', '-s'))
                AND epoch_us(ts) - epoch_us(previous_ts) < 1000000)
           OR (next_program IN ('sh', 'bash', 'dash', 'zsh') AND (len(next_args) = 1 OR next_args[2] IN ('-', '-s'))
                AND epoch_us(next_ts) - epoch_us(ts) < 1000000) AS into_shell
    FROM neighbours
),
flagged AS (
    SELECT x.*,
           coalesce(s.into_shell, false) AS into_shell,
           CASE
               WHEN x.program IN ('curl', 'wget') THEN 'downloader'
               WHEN x.program IN ('nc', 'ncat', 'netcat', 'socat') THEN 'network relay'
               WHEN x.program IN ('python', 'node', 'nodejs', 'perl', 'ruby')
                    AND list_has_any(x.args, ['-c', '-e', '--eval', '-p', '--print'])
                    AND regexp_matches(array_to_string(x.args, ' '), '(https?|ftp)://') THEN 'inline code with a URL'
               WHEN x.program = 'base64' AND list_has_any(x.args, ['-d', '--decode', '-D']) THEN 'base64 decoder'
           END AS kind
    FROM execs x JOIN siblings s USING (exec_id)
),
findings AS (
    SELECT f.*,
           CASE WHEN f.exec_id IN (SELECT exec_id FROM under_install_script) THEN 'high'
                WHEN f.into_shell OR f.kind = 'inline code with a URL' THEN 'medium'
                ELSE 'low' END AS severity
    FROM flagged f
    WHERE f.kind IS NOT NULL AND (f.kind <> 'base64 decoder' OR f.into_shell)
)
SELECT a.data,
       f.exec_id,
       f.severity,
       format('{}{}: {}', f.kind, CASE WHEN f.into_shell THEN ' piped into a shell' ELSE '' END,
              left(array_to_string(f.args, ' '), 200)) AS summary
FROM findings f
JOIN acts a ON a.exec_id = f.exec_id AND a.type IN ('process_exec', 'dns_query', 'net_connect')
