using Ashiato.Events;
using Ashiato.Query.Catalog;

namespace Ashiato.Query.Tests;

/// <summary>The sensitive-path catalog: the built-in entries, the glob language, and mistakes named by file and line.</summary>
[Trait("Category", "unit")]
public sealed class SensitivePathCatalogTests
{
    private static readonly PathClassifier BuiltIn = SensitivePathCatalog.BuiltIn().Classifier(["/opt/actions-runner"]);

    [Theory]
    [InlineData("/home/runner/.ssh/id_rsa", "ssh-private-key")]
    [InlineData("/root/.ssh/id_ed25519", "ssh-private-key")]
    [InlineData("/home/runner/.ssh/id_rsa.pub", null)]
    [InlineData("/home/runner/.ssh/known_hosts", null)]
    [InlineData("/home/runner/.ssh/authorized_keys", "authorized-keys")]
    [InlineData("/home/runner/.gnupg/private-keys-v1.d/ABC.key", "gnupg-private-key")]
    [InlineData("/home/runner/.config/gh/hosts.yml", "gh-cli-token")]
    [InlineData("/home/runner/.cargo/credentials.toml", "cargo-credentials")]
    [InlineData("/home/runner/.aws/credentials", "aws-credentials")]
    [InlineData("/home/runner/.aws/config", null)]
    [InlineData("/opt/actions-runner/.credentials_rsaparams", "runner-credentials")]
    [InlineData("/opt/actions-runner/.runner", "runner-settings")]
    [InlineData("/opt/actions-runner/.env", "runner-environment")]
    [InlineData("/opt/actions-runner/_work/_actions/actions/checkout/v4/dist/index.js", "action-cache")]
    [InlineData("/opt/actions-runner/_work/app/app/.env", null)]
    [InlineData("/etc/shadow", "shadow")]
    [InlineData("/proc/42/mem", "process-memory")]
    [InlineData("/proc/42/task/43/environ", "process-environment")]
    [InlineData("/etc/cron.daily/backup", "cron")]
    [InlineData("/var/spool/cron/crontabs/root", "cron")]
    [InlineData("/etc/systemd/system/multi-user.target.wants/evil.service", "systemd-unit")]
    [InlineData("/etc/systemd/system/evil.conf", null)]
    [InlineData("/repo/.git/hooks/pre-commit", "git-hook")]
    [InlineData("/repo/.git/hooks/pre-commit.sample", null)]
    [InlineData("/home/runner/.zsh_history", "shell-history")]
    [InlineData("/home/runner/work/app/app/src/index.ts", null)]
    public void The_built_in_catalog_names_each_sensitive_file_and_leaves_its_neighbours(string path, string? entry) =>
        Assert.Equal(entry, BuiltIn.Classify(path)?.Name);

    [Fact]
    public void Without_a_runner_in_the_trace_its_folder_is_any_actions_runner_folder()
    {
        var classifier = SensitivePathCatalog.BuiltIn().Classifier();

        Assert.Equal("runner-credentials", classifier.Classify("/home/gh/actions-runner/.credentials")?.Name);
        Assert.Null(classifier.Classify("/home/gh/project/.credentials"));
    }

    [Fact]
    public void A_users_entry_comes_first_and_replaces_a_built_in_one_of_the_same_name()
    {
        var mine = CatalogParser.Parse("[netrc]\ncategory = credential\ntitle = our netrc\npaths = /srv/ci/netrc\nowners = deploy\n", "mine.txt");
        var catalog = SensitivePathCatalog.BuiltIn().With(mine);

        Assert.Equal("our netrc", catalog.Classifier().Classify("/srv/ci/netrc")?.Title);
        Assert.Null(catalog.Classifier().Classify("/home/runner/.netrc"));
        Assert.Equal(["deploy"], catalog.Find("netrc")!.Owners);
    }

    [Theory]
    [InlineData("[x]\ncategory = secret\n", "f.txt:2: category 'secret' is not one of")]
    [InlineData("[x]\ncategory = credential\ntitle = t\npaths = .netrc\n", "f.txt:4: the glob '.netrc' must start with /, **/ or {runner}/")]
    [InlineData("# c\n\n[x]\ncategory = credential\npaths = /a\n", "f.txt:3: [x] lacks title")]
    [InlineData("paths = /a\n", "f.txt:1: 'paths = /a' comes before the first [name] section")]
    [InlineData("[x]\ncolour = red\n", "f.txt:2: unknown key 'colour'")]
    [InlineData("[x]\ncategory = credential\ntitle = t\npaths = /{a,{b}}\n", "f.txt:4: the glob '/{a,{b}}' has unbalanced or nested braces")]
    [InlineData("[x y]\n", "f.txt:1: a section starts with [name]")]
    public void A_mistake_is_one_message_naming_the_file_and_line(string text, string message)
    {
        var error = Assert.Throws<UserFacingException>(() => CatalogParser.Parse(text, "f.txt"));

        Assert.StartsWith(message, error.Message);
    }

    [Theory]
    [InlineData("**/.netrc", "/.netrc", true)]
    [InlineData("**/.netrc", "/a/b/.netrc", true)]
    [InlineData("**/.netrc", "/a/b/x.netrc", false)]
    [InlineData("/proc/*/mem", "/proc/1/task/2/mem", false)]
    [InlineData("/a/**", "/a/b/c", true)]
    [InlineData("/a/?.{x,y}", "/a/b.y", true)]
    [InlineData("/a/?.{x,y}", "/a/bc.y", false)]
    [InlineData("/a/b+c(d).txt", "/a/b+c(d).txt", true)]
    public void Globs_mean_what_the_catalog_says(string glob, string path, bool matches) =>
        Assert.Equal(matches, System.Text.RegularExpressions.Regex.IsMatch(path, "^(?:" + new PathGlob(glob).ToRegex() + ")$"));

    [Fact]
    public void The_catalog_is_a_view_the_example_queries_classify_with()
    {
        using var trace = new TestTrace();
        using var session = Sql.Open(trace.WriteJsonl("t.jsonl", TestTrace.CompromisedJob()));

        var rows = Sql.Rows(session, "SELECT name FROM sensitive_path_catalog WHERE regexp_matches('/home/runner/.ssh/id_rsa', paths) AND NOT coalesce(regexp_matches('/home/runner/.ssh/id_rsa', excluded), false)");

        Assert.Equal(["ssh-private-key"], rows.Select(r => r[0]));
    }
}
