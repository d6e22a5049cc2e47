-- title: Credential file reads
-- description: Opens of files that hold credentials (~/.netrc, .npmrc, .pypirc, .git-credentials, cloud and Docker credentials, SSH keys) and of other processes' /proc/<pid>/environ.
SELECT ts, job, pid, comm, path, flags
FROM file_open
WHERE regexp_matches(path, '/(\.netrc|\.npmrc|\.pypirc|\.git-credentials|\.gitconfig|\.pgpass)$')
   OR regexp_matches(path, '/\.(aws/credentials|docker/config\.json|kube/config|config/gh/hosts\.yml)$')
   OR regexp_matches(path, '/\.ssh/(id_[a-z0-9_]+|identity)$')
   OR (regexp_matches(path, '^/proc/[0-9]+/environ$') AND path <> ('/proc/' || pid || '/environ'))
ORDER BY ts
