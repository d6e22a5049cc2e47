using Ashiato.Tracer.Kernel;

namespace Ashiato.Tracer.Tests.Unit;

[Trait("Category", "unit")]
public sealed class PreflightTests
{
    [Fact]
    public void A_kernel_without_btf_gets_one_clear_sentence()
    {
        var error = Assert.Throws<TracerSetupException>(() => TracerPreflight.EnsureBtf("/nonexistent/btf/vmlinux"));

        Assert.Equal(
            "this kernel has no BTF (/nonexistent/btf/vmlinux is missing); Ashiato needs a kernel built with CONFIG_DEBUG_INFO_BTF=y",
            error.Message);
    }

    [Fact]
    public void This_machine_has_btf() => TracerPreflight.EnsureBtf(TracerPreflight.BtfPath);

    [Theory]
    [InlineData("30 23 0:26 / /sys/fs/cgroup/unified rw,nosuid shared:10 - cgroup2 cgroup2 rw,nsdelegate", "/sys/fs/cgroup/unified")]
    [InlineData("35 24 0:30 / /sys/fs/cgroup rw shared:9 - cgroup2 cgroup2 rw", "/sys/fs/cgroup")]
    [InlineData("36 24 0:31 / /mnt/with\\040space rw - cgroup2 none rw", "/mnt/with space")]
    [InlineData("31 23 0:27 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu", null)]
    [InlineData("37 24 0:32 /sub /sys/fs/cgroup/nested rw - cgroup2 cgroup2 rw", null)]
    public void The_cgroup_v2_root_is_found_in_mountinfo(string line, string? mount) =>
        Assert.Equal(mount, CgroupV2.FindMount([line]));
}
