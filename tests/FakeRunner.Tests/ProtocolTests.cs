using System.Text;
using FakeRunner.Protocol;
using FakeRunner.Support;

namespace FakeRunner.Tests;

/// <summary>The pure parts shared by the listener, the worker and the tests, checked on golden bytes.</summary>
[Trait("Category", "unit")]
public sealed class ProtocolTests
{
    [Fact]
    public void A_worker_message_is_framed_as_the_real_runner_frames_it()
    {
        var frame = WorkerChannel.Encode(new WorkerMessage(WorkerMessageType.CancelRequest, "{}"));
        Assert.Equal(new byte[] { 2, 0, 0, 0, 4, 0, 0, 0, (byte)'{', 0, (byte)'}', 0 }, frame);
    }

    [Fact]
    public async Task Messages_read_back_in_order_and_the_end_of_the_pipe_reads_as_null()
    {
        using var pipe = new MemoryStream();
        await WorkerChannel.SendAsync(pipe, new WorkerMessage(WorkerMessageType.NewJobRequest, "{\"jobName\":\"ビルド\"}"), CancellationToken.None);
        await WorkerChannel.SendAsync(pipe, new WorkerMessage(WorkerMessageType.CancelRequest, string.Empty), CancellationToken.None);
        pipe.Position = 0;
        Assert.Equal(new WorkerMessage(WorkerMessageType.NewJobRequest, "{\"jobName\":\"ビルド\"}"), await WorkerChannel.ReceiveAsync(pipe, CancellationToken.None));
        Assert.Equal(new WorkerMessage(WorkerMessageType.CancelRequest, string.Empty), await WorkerChannel.ReceiveAsync(pipe, CancellationToken.None));
        Assert.Null(await WorkerChannel.ReceiveAsync(pipe, CancellationToken.None));
    }

    [Fact]
    public async Task A_pipe_that_closes_inside_a_header_is_an_error_not_a_message()
    {
        using var pipe = new MemoryStream([1, 0, 0]);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => WorkerChannel.ReceiveAsync(pipe, CancellationToken.None));
        Assert.Equal("the pipe closed inside a message header (3 of 8 bytes)", error.Message);
    }

    [Fact]
    public void Diagnostic_lines_have_the_real_header_and_file_name()
    {
        var time = new DateTime(2026, 3, 14, 9, 26, 53, DateTimeKind.Utc);
        Assert.Equal("[2026-03-14 09:26:53Z INFO StepsRunner] Processing step: DisplayName='Run make'", DiagLog.Format(time, DiagLevel.Info, "StepsRunner", "Processing step: DisplayName='Run make'"));
        Assert.Equal("[2026-03-14 09:26:53Z ERR  Worker] x", DiagLog.Format(time, DiagLevel.Error, "Worker", "x"));
        Assert.Equal("Worker_20260314-092653-utc.log", DiagLog.FileName("Worker", time));
    }

    [Theory]
    [InlineData("actions/checkout@v4", "actions", "checkout", null, "v4")]
    [InlineData("tj-actions/changed-files@0e58ed8671d6b60d0890c21b07f8835ace038e67", "tj-actions", "changed-files", null, "0e58ed8671d6b60d0890c21b07f8835ace038e67")]
    [InlineData("github/codeql-action/init@v3", "github", "codeql-action", "init", "v3")]
    public void Uses_names_owner_repo_path_and_ref(string uses, string owner, string repo, string? path, string reference)
    {
        var action = ActionReference.Parse(uses);
        Assert.Equal(new ActionReference(owner, repo, path, reference), action);
        Assert.Equal(uses, action.ToString());
    }

    [Theory]
    [InlineData("./local-action")]
    [InlineData("docker://alpine:3.20")]
    [InlineData("actions/checkout")]
    [InlineData("actions/checkout@")]
    public void Other_uses_forms_get_one_clear_message(string uses)
    {
        var error = Assert.Throws<InvalidDataException>(() => ActionReference.Parse(uses));
        Assert.Equal($"uses: '{uses}' is not owner/repo[/path]@ref (local and docker actions are not supported by the fake runner)", error.Message);
    }

    [Theory]
    [InlineData(TaskResult.Succeeded, TaskResult.Failed, TaskResult.Failed)]
    [InlineData(TaskResult.Failed, TaskResult.Succeeded, TaskResult.Failed)]
    [InlineData(TaskResult.Canceled, TaskResult.Failed, TaskResult.Canceled)]
    [InlineData(TaskResult.Failed, TaskResult.Canceled, TaskResult.Canceled)]
    [InlineData(TaskResult.Succeeded, TaskResult.Skipped, TaskResult.Skipped)]
    public void Step_results_merge_into_the_job_result_as_the_runner_merges_them(TaskResult job, TaskResult step, TaskResult merged) =>
        Assert.Equal(merged, TaskResults.Merge(job, step));

    [Fact]
    public void The_env_file_keeps_key_value_lines_and_skips_the_rest()
    {
        var pairs = DotEnv.Parse("LANG=C.UTF-8\r\n# comment\n=nokey\nJAVA_OPTS=-Da=b\nEMPTY=\n");
        Assert.Equal([new("LANG", "C.UTF-8"), new("JAVA_OPTS", "-Da=b"), new KeyValuePair<string, string>("EMPTY", string.Empty)], pairs);
    }

    [Fact]
    public void A_job_file_with_an_unknown_key_is_refused_with_its_name()
    {
        var error = Assert.Throws<InvalidDataException>(() => ProtocolJson.Deserialize<JobMessage>("{\"jobName\":\"b\",\"run\":{\"repository\":\"o/r\"},\"steps\":[],\"stepz\":1}", "job.json"));
        Assert.StartsWith("job.json: ", error.Message);
        Assert.Contains("stepz", error.Message);
    }

    [Fact]
    public void Process_facts_parse_a_comm_with_spaces_and_parentheses()
    {
        var facts = ProcessFacts.Parse(
            "4242 (a) (b c) S 17 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1 2 3",
            Encoding.UTF8.GetBytes("bash\0-e\0/x.sh\0"),
            Encoding.UTF8.GetBytes("A=1\0B=x=y\0"),
            "/work\n",
            "/usr/bin/bash\n");
        Assert.Equal((4242, 17, 4242, 987654UL, "a) (b c", "/work", "/usr/bin/bash"), (facts.Pid, facts.ParentPid, facts.SessionId, facts.StartTime, facts.Comm, facts.Cwd, facts.Exe));
        Assert.Equal(["bash", "-e", "/x.sh"], facts.Argv);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "x=y" }, facts.Environment);
    }

    [Fact]
    public void The_worker_log_reader_finds_each_started_process()
    {
        var entries = WorkerLog.Parse("""
            [2026-03-14 09:26:53Z INFO Worker] Job message:
            {
              "jobName": "build"
            }
            [2026-03-14 09:26:54Z INFO ProcessInvokerWrapper] Starting process:
            [2026-03-14 09:26:54Z INFO ProcessInvokerWrapper]   File name: '/usr/bin/tar'
            [2026-03-14 09:26:54Z INFO ProcessInvokerWrapper]   Arguments: '-xzf "/r/_work/_actions/_temp_1/2.tar.gz"'
            [2026-03-14 09:26:54Z INFO ProcessInvokerWrapper]   Working directory: '/r/_work/_actions/_temp_1/_staging'
            [2026-03-14 09:26:54Z INFO ProcessInvokerWrapper] Process started with process id 812, waiting for process exit.
            """);
        Assert.Equal(6, entries.Count);
        Assert.Equal("Job message:\n{\n  \"jobName\": \"build\"\n}", entries[0].Message);
        Assert.Equal(
            [new StartedProcess("/usr/bin/tar", "-xzf \"/r/_work/_actions/_temp_1/2.tar.gz\"", "/r/_work/_actions/_temp_1/_staging", 812)],
            WorkerLog.StartedProcesses(entries));
    }
}
