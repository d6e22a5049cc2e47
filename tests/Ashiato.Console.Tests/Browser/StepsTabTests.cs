using Ashiato.Web.Tests.Support;
using Microsoft.Playwright;

namespace Ashiato.Web.Tests.Browser;

/// <summary>A job traced on a GitHub Actions runner, in the browser: which step and action did what.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "browser")]
public sealed class StepsTabTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string EvilStep = SampleTrace.JobId + ":3";

    private RunningConsole _console = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private string _jobId = null!;

    public async Task InitializeAsync()
    {
        _console = await RunningConsole.StartAsync(RulePackBackends.All());
        _jobId = await _console.UploadAndSettleAsync(_console.Client(), SampleTrace.Gzip(SampleTrace.MaliciousActionJob()), "octo-repo build #42", "octo-org/octo-repo");
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _console.BaseUrl.ToString() });
        _page = await _context.NewPageAsync();
        await _page.GotoAsync("/");
        await _page.FillAsync("input[name=token]", RunningConsole.AdminToken);
        await _page.ClickAsync("button[type=submit]");
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Jobs");
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _console.DisposeAsync();
    }

    [Fact]
    public async Task The_steps_tab_shows_the_malicious_action_with_its_finding_its_host_and_the_memory_it_read()
    {
        await _page.ClickAsync("text=octo-repo build #42");
        await _page.ClickAsync("role=tab[name='Steps']");

        var job = _page.Locator($".runner-job[data-job='{SampleTrace.JobId}']");
        await Assertions.Expect(job.Locator("h2")).ToContainTextAsync("build");
        await Assertions.Expect(job.Locator("h2")).ToContainTextAsync("octo-org/octo-repo · run 1658821493");
        await Assertions.Expect(job.Locator("tr.step")).ToHaveCountAsync(5);
        var evil = job.Locator($"tr.step[data-step='{EvilStep}']");
        await Assertions.Expect(evil.Locator("td.action")).ToHaveTextAsync(SampleTrace.EvilAction);
        // Its maps and mem reads, and the step reaching its host after reading them (exfiltration-upload).
        await Assertions.Expect(evil.Locator("td.findings .badge.high")).ToHaveTextAsync("3 high");
        await Assertions.Expect(evil).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("finding-high"));
        // The failing run step says so; the others have no findings.
        await Assertions.Expect(job.Locator($"tr.step[data-step='{SampleTrace.JobId}:4'] .badge.bad")).ToHaveTextAsync("1");
        await Assertions.Expect(job.Locator($"tr.step[data-step='{SampleTrace.JobId}:2'] td.findings")).ToBeEmptyAsync();

        await evil.ClickAsync();
        var detail = job.Locator("tr.step-detail:visible");
        var finding = detail.Locator(".step-findings li[data-rule='runner-memory-read']");
        await Assertions.Expect(finding).ToHaveCountAsync(2);
        await Assertions.Expect(finding.Filter(new() { HasTextString = "/proc/1200/mem" })).ToContainTextAsync("Runner process memory read read /proc/1200/mem of Runner.Worker");
        await Assertions.Expect(detail.Locator(".step-hosts")).ToContainTextAsync("evil.example.net");
        await Assertions.Expect(detail.Locator(".step-files tr.sensitive")).ToHaveCountAsync(2);
        await Assertions.Expect(detail.Locator("li[data-pid='1230'] .args")).ToContainTextAsync("evil-org/changed-files/v45/dist/index.js");
        await ConsolePagesTests.ScreenshotAsync(_page, "steps");
    }

    [Fact]
    public async Task A_findings_step_link_opens_the_step_and_the_other_tabs_name_steps_and_actions()
    {
        await _page.GotoAsync($"/#/jobs/{_jobId}/detections");
        var finding = _page.Locator(".finding[data-rule='runner-memory-read']").First;
        await Assertions.Expect(finding.Locator(".where")).ToContainTextAsync($"step 3 ({SampleTrace.EvilAction}) of job {SampleTrace.JobId}");

        await finding.Locator(".where a").ClickAsync();
        await Assertions.Expect(_page.Locator($"tr.step.selected[data-step='{EvilStep}']")).ToBeVisibleAsync();
        // The maps and mem reads, and the step reaching its host after them.
        await Assertions.Expect(_page.Locator("tr.step-detail:visible .step-findings li")).ToHaveCountAsync(3);

        await _page.ClickAsync("role=tab[name='Network']");
        var evilHost = _page.Locator("#connections tr", new() { HasTextString = "evil.example.net" });
        await Assertions.Expect(evilHost.Locator("td.steps")).ToHaveTextAsync("3");
        await Assertions.Expect(evilHost.Locator("td.actions")).ToHaveTextAsync(SampleTrace.EvilAction);
        await Assertions.Expect(_page.Locator("#connections tr", new() { HasTextString = "pipelines.actions" }).Locator("td.steps")).ToHaveTextAsync("—");

        await _page.ClickAsync("role=tab[name='Files']");
        var mem = _page.Locator("#files tr.sensitive", new() { HasTextString = "/proc/1200/mem" });
        await Assertions.Expect(mem.Locator("td.actions")).ToHaveTextAsync(SampleTrace.EvilAction);
        await mem.Locator("td.steps a").ClickAsync();
        await Assertions.Expect(_page.Locator($"tr.step.selected[data-step='{EvilStep}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_process_tree_is_grouped_by_step()
    {
        await _page.GotoAsync($"/#/jobs/{_jobId}/processes");

        var groups = _page.Locator("details.step-group");
        await Assertions.Expect(groups).ToHaveCountAsync(6);
        await Assertions.Expect(groups.Last).ToContainTextAsync("Outside any job");
        var evil = _page.Locator($"details.step-group[data-step='{EvilStep}']");
        await Assertions.Expect(evil.Locator("summary")).ToContainTextAsync($"Step 3 {SampleTrace.EvilAction}");
        await evil.Locator("summary").ClickAsync();
        await Assertions.Expect(evil.Locator("li[data-pid='1230'] .node")).ToContainTextAsync("node");
        var run = _page.Locator($"details.step-group[data-step='{SampleTrace.JobId}:2']");
        await run.Locator("summary").ClickAsync();
        await run.Locator("li[data-pid='1220'] button.toggle").ClickAsync();
        await Assertions.Expect(run.Locator("li[data-pid='1221'] .args")).ToHaveTextAsync("git fetch origin");
        // The worker's group holds it and its housekeeping only, not the steps it started.
        var runner = _page.Locator($"details.step-group[data-step='{SampleTrace.JobId}:0']");
        await runner.Locator("summary").ClickAsync();
        await runner.Locator("li[data-pid='1200'] button.toggle").ClickAsync();
        await Assertions.Expect(runner.Locator("li[data-pid='1200'] li")).ToHaveCountAsync(1);
        await Assertions.Expect(runner.Locator("li[data-pid='1201'] .args")).ToContainTextAsync("/usr/bin/tar -xzf");
        await ConsolePagesTests.ScreenshotAsync(_page, "process-tree-steps");
    }

    [Fact]
    public async Task Comparing_with_a_normal_run_names_the_action_whose_behaviour_changed()
    {
        await _console.UploadAsync(_console.Client(), SampleTrace.Gzip(SampleTrace.NormalActionJob()), "octo-repo build #41", "octo-org/octo-repo");
        await _page.GotoAsync($"/#/jobs/{_jobId}/compare");

        await _page.Locator("#baseline-jobs label", new() { HasTextString = "octo-repo build #41" }).Locator("input").CheckAsync();
        await _page.ClickAsync("#run-compare");

        var step = _page.Locator(".step-change[data-key='build: action evil-org/changed-files']");
        await Assertions.Expect(step.Locator("h2")).ToContainTextAsync($"Step 3 {SampleTrace.EvilAction}");
        await Assertions.Expect(step).ToContainTextAsync("evil.example.net");
        await Assertions.Expect(step).ToContainTextAsync("/proc/<pid>/mem");
        await Assertions.Expect(_page.Locator(".step-change")).ToHaveCountAsync(1);
        await _page.SetViewportSizeAsync(1280, 860);
        await _page.Locator("#step-changes").ScrollIntoViewIfNeededAsync();
        await ConsolePagesTests.ScreenshotAsync(_page, "compare-steps");
    }

    [Fact]
    public async Task A_trace_without_jobs_says_so_in_the_steps_tab_and_keeps_its_plain_tree()
    {
        var id = await _console.UploadAsync(_console.Client(), SampleTrace.Gzip(SampleTrace.RunnerMemoryRead()), "plain trace");

        await _page.GotoAsync($"/#/jobs/{id}/steps");
        await Assertions.Expect(_page.Locator("#no-steps")).ToContainTextAsync("No GitHub Actions job in this trace");
        await _page.ClickAsync("role=tab[name='Process tree']");
        await Assertions.Expect(_page.Locator(".tree > ul > li")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("details.step-group")).ToHaveCountAsync(0);
    }
}
