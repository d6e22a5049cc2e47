namespace Ashiato.Analysis.Tests.Corpus;

/// <summary>
/// The benign half of the corpus: what CI jobs do every day, run for real (offline: local packages, local mirrors named
/// like the real registries), each as a run step of one fake GitHub Actions job. None may get a finding of medium
/// severity or higher.
/// </summary>
public static class BenignWorkloads
{
    public const string Group = "benign";

    private static readonly Dictionary<string, string> RealHome = new() { ["HOME"] = "/root", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };

    public static IReadOnlyList<BenignWorkload> All { get; } =
    [
        new("npm-ci", "npm install then npm ci of a project with a local dependency, offline", """
            w="$RUNNER_TEMP/npm"; mkdir -p "$w/lib" "$w/app"
            echo '{"name":"lib","version":"1.0.0","main":"index.js"}' > "$w/lib/package.json"
            echo 'module.exports = 1;' > "$w/lib/index.js"
            echo '{"name":"app","version":"1.0.0","private":true,"dependencies":{"lib":"file:../lib"}}' > "$w/app/package.json"
            cd "$w/app"
            npm install --offline --no-audit --no-fund --loglevel=error
            rm -rf node_modules
            npm ci --offline --no-audit --no-fund --loglevel=error
            node -e 'require("lib")'
            """),
        new("pip-install", "pip install of a local wheel into a target folder, no index", """
            w="$RUNNER_TEMP/pip"; mkdir -p "$w"; cd "$w"
            python3 - <<'PY'
            import zipfile
            with zipfile.ZipFile('ciutil-1.0-py3-none-any.whl', 'w') as z:
                z.writestr('ciutil/__init__.py', 'VALUE = 1\n')
                z.writestr('ciutil-1.0.dist-info/METADATA', 'Metadata-Version: 2.1\nName: ciutil\nVersion: 1.0\n')
                z.writestr('ciutil-1.0.dist-info/WHEEL', 'Wheel-Version: 1.0\nGenerator: corpus\nRoot-Is-Purelib: true\nTag: py3-none-any\n')
                z.writestr('ciutil-1.0.dist-info/RECORD', '')
            PY
            python3 -m pip install --quiet --no-index --disable-pip-version-check --target site ./ciutil-1.0-py3-none-any.whl
            PYTHONPATH=site python3 -c 'import ciutil; assert ciutil.VALUE == 1'
            """),
        new("dotnet-build", "dotnet build of a console project, offline", """
            w="$RUNNER_TEMP/dotnet"; mkdir -p "$w"; cd "$w"
            cat > app.csproj <<'XML'
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            </Project>
            XML
            echo 'System.Console.WriteLine("built");' > Program.cs
            dotnet build -nologo -v quiet -nodeReuse:false --disable-build-servers -o out
            dotnet out/app.dll
            """, RealHome),
        new("make-gcc", "make compiles a C program and runs it", """
            w="$RUNNER_TEMP/make"; mkdir -p "$w"; cd "$w"
            printf '#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n' > hello.c
            printf 'hello: hello.c\n\tcc -O1 -o hello hello.c\n' > Makefile
            make -s
            ./hello
            """),
        new("git-operations", "git init, commit, branch, clone (with a workflow in the repository), log, gc", """
            w="$RUNNER_TEMP/git"; mkdir -p "$w"; cd "$w"
            git init -q src && cd src
            git config user.email ci@example.com && git config user.name ci
            printf 'on: push\n' > ci.yml && mkdir -p .github/workflows
            echo one > a.txt && git add -A && git mv ci.yml .github/workflows/ci.yml && git commit -qm one
            git checkout -qb feature && echo two >> a.txt && git commit -qam two
            cd .. && git clone -q --no-hardlinks src copy && git -C copy log --oneline > /dev/null
            git -C copy gc -q
            """),
        new("ps-and-top", "process listings, with environments (ps e) as some debugging steps print them", """
            ps aux > /dev/null
            ps auxe > /dev/null
            top -b -n 1 > /dev/null
            pgrep -a bash > /dev/null || true
            """),
        new("python-requests-netrc", "python requests to the (local) package index, with a .netrc in the home directory", """
            python3 -c "import requests; requests.get('http://pypi.org/simple/', timeout=5)"
            """),
        new("curl-registry", "curl from an allow-listed registry", """
            curl -sSf -m 5 -o "$RUNNER_TEMP/index.json" http://registry.npmjs.org/ || true
            """),
        new("archive-artifacts", "tar, gzip, zip and checksums of build outputs", """
            w="$RUNNER_TEMP/art"; mkdir -p "$w/dist"; cd "$w"
            seq 1 1000 > dist/data.txt
            tar czf dist.tgz dist && sha256sum dist.tgz > dist.tgz.sha256
            zip -qr dist.zip dist && sha256sum -c dist.tgz.sha256 > /dev/null
            """),
        new("node-test", "node's test runner", """
            w="$RUNNER_TEMP/nodetest"; mkdir -p "$w"; cd "$w"
            printf 'const test = require("node:test");\nconst assert = require("node:assert");\ntest("adds", () => assert.strictEqual(1 + 1, 2));\n' > add.test.js
            node --test add.test.js > /dev/null
            """),
        new("ssh-keygen-deploy-key", "ssh-keygen makes a deploy key in ~/.ssh and prints its public half", """
            ssh-keygen -q -t ed25519 -N '' -f ~/.ssh/id_deploy
            ssh-keygen -y -f ~/.ssh/id_deploy > /dev/null
            """),
        new("git-credential-helper", "git reads its stored credentials through the credential helper", """
            printf 'protocol=https\nhost=example.com\n\n' | git credential-store get > /dev/null
            """),
        new("sudo-routine", "sudo for routine commands", """
            sudo -n true
            sudo -n id -u > /dev/null
            """),
        new("shell-scripting", "a build script: find, grep, sed, sort, env files in the workspace", """
            w="$RUNNER_TEMP/sh"; mkdir -p "$w"; cd "$w"
            printf 'A=1\nB=2\n' > .env
            for i in 1 2 3; do echo "line $i" >> notes.txt; done
            find . -type f | sort > files.txt
            grep -c line notes.txt > /dev/null
            sed -i 's/line/row/' notes.txt
            echo "VERSION=1.2.3" >> "$GITHUB_ENV"
            """),
    ];
}
