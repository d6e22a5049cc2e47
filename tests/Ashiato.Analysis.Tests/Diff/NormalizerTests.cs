using Ashiato.Analysis.Diff;

namespace Ashiato.Analysis.Tests.Diff;

[Trait("Category", "unit")]
public sealed class NormalizerTests
{
    [Theory]
    [InlineData("/proc/4242/maps", "/proc/<pid>/maps")]
    [InlineData("/tmp/tmp.Xq3ZkP9aLm/home/.netrc", "/tmp/<tmp>/home/.netrc")]
    [InlineData("/tmp/ashiato-analysis-gH3kd9/app/package.json", "/tmp/<tmp>/app/package.json")]
    [InlineData("/home/runner/work/_temp/tmpa1b2c3d4/script.sh", "/home/runner/work/_temp/<tmp>/script.sh")]
    [InlineData("/home/runner/.npm/_cacache/content-v2/sha512/3f/a9/0c1e2d3f4a5b6c7d8e9f00112233", "/home/runner/.npm/_cacache/content-v2/sha512/<hash>/<hash>/<hash>")]
    [InlineData("/home/runner/.cache/node-gyp/20.11.1/include/node/node.h", "/home/runner/.cache/node-gyp/<ver>/include/node/node.h")]
    [InlineData("/opt/hostedtoolcache/node/20.11.1-x64/bin/node", "/opt/hostedtoolcache/node/<ver>/bin/node")]
    [InlineData("/home/runner/.npm/_logs/2026-11-27T16_31_47_568Z-debug-0.log", "/home/runner/.npm/_logs/<time>-debug-0.log")]
    [InlineData("/usr/bin/curl", "/usr/bin/curl")]
    [InlineData("/usr/bin/base64", "/usr/bin/base64")]
    [InlineData("/var/log/build-1733312345.txt", "/var/log/build-<n>.txt")]
    [InlineData("/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6")]
    public void Paths_fold_what_varies_between_runs_and_keep_the_rest(string path, string expected) =>
        Assert.Equal(expected, Normalizer.Path(path));

    [Theory]
    [InlineData("tcp", 443, "tcp/443")]
    [InlineData("udp", 53, "udp/53")]
    [InlineData("tcp", 45123, "tcp/ephemeral")]
    public void Ports_in_the_ephemeral_range_fold(string protocol, int port, string expected) =>
        Assert.Equal(expected, Normalizer.Port(protocol, port));

    [Fact]
    public void Hosts_compare_without_case_or_a_trailing_dot() =>
        Assert.Equal("registry.npmjs.org", Normalizer.Host("Registry.NPMJS.org."));
}
