using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.EndToEnd;

[Collection(WorkloadCollection.Name)]
[Trait("Category", "kernel")]
public sealed class FileWriteTests(Workload workload)
{
    [Fact]
    public void One_mebibyte_in_4_KiB_chunks_is_one_event()
    {
        var path = Path.Combine(workload.Directory, "mebibyte.bin");

        var trace = AshiatoCli.Trace([workload.Path, "write", path, "1048576", "4096"]);

        var write = Assert.Single(trace.OfType("file_write"), w => w.Str("path") == path);
        Assert.Equal(1048576, write.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public void Two_processes_writing_one_file_give_two_events()
    {
        var path = Path.Combine(workload.Directory, "shared.log");
        File.Delete(path);

        // One open file shared by the shell and its child: bytes are summed per process, not per file.
        var trace = AshiatoCli.Trace(["sh", "-c", $"exec 3>>{path}; printf abc >&3; printf defgh >&3; /bin/echo -n xy >&3"]);

        var writes = trace.OfType("file_write").Where(w => w.Str("path") == path).ToList();
        Assert.Equal(2, writes.Count);
        Assert.Equal(8, writes.Single(w => w.Str("comm") == "sh").GetProperty("bytes").GetInt64());
        Assert.Equal(2, writes.Single(w => w.Str("comm") == "echo").GetProperty("bytes").GetInt64());
    }

    [Fact]
    public void A_closed_file_is_reported_at_its_close_not_when_the_process_exits()
    {
        var path = Path.Combine(workload.Directory, $"closed-{Guid.NewGuid():N}.txt");
        var after = Path.Combine(workload.Directory, $"after-{Guid.NewGuid():N}");

        var trace = AshiatoCli.Trace([workload.Path, "write-close-open", path, after]);

        var records = trace.Records.ToList();
        var write = records.FindIndex(r => r.Str("type") == "file_write" && r.Str("path") == path);
        var open = records.FindIndex(r => r.Str("type") == "file_open" && r.Str("path") == after);
        Assert.True(write >= 0 && open >= 0, "both the write and the later open are in the trace");
        Assert.True(write < open, "the write is reported when the file is closed, before the next open");
        Assert.Equal(5, records[write].GetProperty("bytes").GetInt64());
    }

    [Fact]
    public void Writev_and_pwrite_are_summed()
    {
        var path = Path.Combine(workload.Directory, "vectored.bin");
        File.Delete(path);

        var trace = AshiatoCli.Trace([workload.Path, "writev", path]);

        var write = Assert.Single(trace.OfType("file_write"), w => w.Str("path") == path);
        Assert.Equal(3 * 7 + 2, write.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public void A_copy_made_with_copy_file_range_is_a_file_write()
    {
        var source = Path.Combine(workload.Directory, "copy-source.bin");
        var target = Path.Combine(workload.Directory, "copy-target.bin");
        File.WriteAllBytes(source, new byte[300_000]);
        File.Delete(target);

        var trace = AshiatoCli.Trace(["cp", source, target]);

        var write = Assert.Single(trace.OfType("file_write"), w => w.Str("path") == target);
        Assert.Equal(300_000, write.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public void Writes_to_pipes_and_terminals_are_not_file_writes()
    {
        var trace = AshiatoCli.Trace(["sh", "-c", "echo to-a-pipe | cat"]);

        Assert.Empty(trace.OfType("file_write"));
    }

    [Fact]
    public void A_file_left_open_at_exit_is_still_counted()
    {
        var path = Path.Combine(workload.Directory, "left-open.txt");

        var trace = AshiatoCli.Trace(["sh", "-c", $"exec 5>{path}; printf 123456 >&5; sleep 0.1"]);

        var write = Assert.Single(trace.OfType("file_write"), w => w.Str("path") == path);
        Assert.Equal(6, write.GetProperty("bytes").GetInt64());
    }
}
