-- id: download-and-execute
-- title: Download or remote-code tool run
-- severity: low
-- description: A downloader or network relay ran (curl, wget, nc, ncat, netcat, socat: low), an interpreter ran inline
--   code that names a URL (python -c, node -e, perl -e, ruby -e, php -r: low; medium when the code also runs something:
--   exec, eval, a subprocess, a shell), a downloader or decoder (curl, wget,
--   base64 -d, xxd -r, openssl enc -d) fed a program that runs what it reads (sh, bash, dash, zsh, python, node, perl,
--   ruby, php, or sudo in front of any of them: medium), a downloader wrote a file that the same step then ran
--   (medium), and a shell ran a base64-encoded command (bash -c 'echo … | base64 -d | bash': high, since hiding the
--   code is the point). Anything under a package's install script is high.
-- technique: T1105
-- phase: download
-- remediation: Check what was fetched and run (the evidence holds the command line and its connections). Install
--   scripts should not download code: remove the dependency or install with scripts disabled
--   (npm ci --ignore-scripts, pip install --only-binary :all:) and vendor what the build needs. Pin a downloaded tool
--   by its checksum before running it.
WITH runs_stdin AS (
    -- programs that run what they read on stdin: a shell or interpreter with no script (or '-'), also behind sudo
    SELECT exec_id,
           (program IN ('sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'python', 'node', 'nodejs', 'perl', 'ruby', 'php')
                AND (len(args) = 1 OR args[2] IN ('-', '-s') OR (program IN ('sh', 'bash', 'dash', 'zsh') AND args[2] IN ('-e', '-x', '-ex', '-xe') AND len(args) = 2)))
           OR (program IN ('sudo', 'doas') AND len(args) >= 2
                AND regexp_matches(args[-1], '(^|/)(sh|bash|dash|zsh|ksh|python[0-9.]*|node|perl|ruby|php)$|^-s?$')
                AND list_bool_or([regexp_matches(a, '(^|/)(sh|bash|dash|zsh|ksh|python[0-9.]*|node|perl|ruby|php)$') FOR a IN args[2:]])) AS reads_code
    FROM execs
),
neighbours AS (
    SELECT x.exec_id, x.ts,
           lag(r.reads_code) OVER w AS previous_runs, lag(x.ts) OVER w AS previous_ts,
           lead(r.reads_code) OVER w AS next_runs, lead(x.ts) OVER w AS next_ts
    FROM execs x JOIN runs_stdin r USING (exec_id)
    WINDOW w AS (PARTITION BY x.parent_exec_id ORDER BY x.ts, x.exec_id)
),
siblings AS (
    -- A pipeline's commands are forked one after the other by the same shell: "a | sh" makes a and sh adjacent
    -- execs of one parent, close in time.
    SELECT exec_id,
           (coalesce(previous_runs, false) AND epoch_us(ts) - epoch_us(previous_ts) < 1000000)
           OR (coalesce(next_runs, false) AND epoch_us(next_ts) - epoch_us(ts) < 1000000) AS into_interpreter
    FROM neighbours
),
flagged AS (
    SELECT x.*,
           coalesce(s.into_interpreter, false) AS into_interpreter,
           CASE
               WHEN x.program IN ('curl', 'wget') THEN 'downloader'
               WHEN x.program IN ('nc', 'ncat', 'netcat', 'socat') THEN 'network relay'
               WHEN x.program IN ('python', 'node', 'nodejs', 'perl', 'ruby', 'php')
                    AND list_has_any(x.args, ['-c', '-e', '--eval', '-p', '--print', '-r'])
                    AND regexp_matches(array_to_string(x.args, ' '), '(https?|ftp)://') THEN 'inline code with a URL'
               WHEN x.program = 'base64' AND list_has_any(x.args, ['-d', '--decode', '-D']) THEN 'base64 decoder'
               WHEN x.program = 'xxd' AND list_has_any(x.args, ['-r', '-revert']) THEN 'hex decoder'
               WHEN x.program = 'openssl' AND list_has_any(x.args, ['-d', 'base64']) THEN 'openssl decoder'
               WHEN x.program IN ('sh', 'bash', 'dash', 'zsh') AND list_contains(x.args, '-c')
                    AND regexp_matches(array_to_string(x.args, ' '), 'base64\s+(-d|--decode|-D)|base64 -[a-z]*d')
                    AND regexp_matches(array_to_string(x.args, ' '), '[A-Za-z0-9+/]{16,}={0,2}') THEN 'base64-encoded command'
           END AS kind
    FROM execs x JOIN siblings s USING (exec_id)
),
judged AS (
    SELECT f.*,
           CASE WHEN f.exec_id IN (SELECT exec_id FROM under_install_script) OR f.kind = 'base64-encoded command' THEN 'high'
                WHEN f.into_interpreter THEN 'medium'
                -- inline code that fetches a URL and runs what it got (exec, eval, a shell): remote code
                WHEN f.kind = 'inline code with a URL' AND regexp_matches(array_to_string(f.args, ' '),
                     '\bexec\(|\beval\(|compile\(|subprocess|os\.system|os\.popen|child_process|\bsystem\(|`|\| *(ba)?sh\b|new Function') THEN 'medium'
                ELSE 'low' END AS severity
    FROM flagged f
    WHERE f.kind IS NOT NULL AND (f.kind NOT IN ('base64 decoder', 'hex decoder', 'openssl decoder') OR f.into_interpreter)
),
downloaded AS (
    -- files a downloader wrote (or renamed into place), and the step it ran in
    SELECT a.ts, a.data, a.scope, coalesce(json_extract_string(a.data, '$.new_path'), json_extract_string(a.data, '$.path')) AS path
    FROM acts a JOIN execs d ON d.exec_id = a.exec_id
    WHERE d.program IN ('curl', 'wget')
      AND (a.type IN ('file_write', 'file_rename')
           OR (a.type = 'file_open' AND regexp_matches(json_extract_string(a.data, '$.flags'), '^O_(WRONLY|RDWR)|O_CREAT')))
),
ran_downloads AS (
    -- an exec of a downloaded file (or an interpreter given it) in the same step
    SELECT x.exec_id, x.data AS exec_data, d.data AS download_data, d.path, x.ts
    FROM (SELECT x.*, s.scope,
                 unnest(CASE WHEN x.program IN ('sh', 'bash', 'dash', 'zsh', 'python', 'node', 'perl', 'ruby', 'php') AND len(x.args) >= 2
                             THEN [x.filename, CASE WHEN starts_with(x.args[2], '/') THEN x.args[2] ELSE coalesce(x.cwd, '') || '/' || x.args[2] END]
                             ELSE [x.filename] END) AS run_path
          FROM execs x JOIN exec_scope s USING (exec_id)) x
    JOIN downloaded d ON d.path = regexp_replace(x.run_path, '/(\./)+', '/', 'g') AND d.scope = x.scope AND d.ts <= x.ts
    WHERE d.path NOT LIKE '/dev/%'
)
SELECT a.data,
       j.exec_id,
       j.severity,
       format('{}{}: {}', j.kind, CASE WHEN j.into_interpreter THEN ' piped into a program that runs it' ELSE '' END,
              left(array_to_string(j.args, ' '), 200)) AS summary
FROM judged j
JOIN acts a ON a.exec_id = j.exec_id AND a.type IN ('process_exec', 'dns_query', 'net_connect')
UNION ALL
SELECT unnest([r.download_data, r.exec_data]) AS data, r.exec_id,
       CASE WHEN r.exec_id IN (SELECT exec_id FROM under_install_script) THEN 'high' ELSE 'medium' END AS severity,
       format('ran {}, downloaded earlier in the same step', r.path) AS summary
FROM ran_downloads r
