using System.Net.Http.Json;
using Ashiato.Web.Tests.Support;
using Microsoft.Playwright;

namespace Ashiato.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait("Category", "browser")]
public sealed class QueryTabTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly SandboxBackends _sandbox = new();
    private RunningConsole _console = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _console = await RunningConsole.StartAsync(_sandbox.Backends);
        var id = await _console.UploadAsync(_console.Client(), SampleTrace.Gzip(SampleTrace.Demo()), "app build #12");
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _console.BaseUrl.ToString(), AcceptDownloads = true });
        _page = await context.NewPageAsync();
        await _page.GotoAsync("/");
        await _page.FillAsync("input[name=token]", RunningConsole.AdminToken);
        await _page.ClickAsync("button[type=submit]");
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Jobs");
        await _page.GotoAsync($"/#/jobs/{id}/query");
        await Assertions.Expect(_page.Locator("#sql")).ToBeVisibleAsync();
    }

    public async Task DisposeAsync()
    {
        await _page.Context.DisposeAsync();
        await _console.DisposeAsync();
        _sandbox.Dispose();
    }

    [Fact]
    public async Task Exported_csv_keeps_formula_cells_as_text_and_schema_keys_with_quotes_run_as_sql()
    {
        const string Module = "(await import('/assets/tabs/query.js'))";
        var csv = await _page.EvaluateAsync<string>($"async () => {Module}.csv({{ columns: [{{ name: 'cell' }}], rows: [['=HYPERLINK(\"http://evil\")'], ['+1'], ['-2'], ['@SUM(A1)'], [-3], ['plain']] }})");
        var path = await _page.EvaluateAsync<string>($"async () => {Module}.jsonPath(\"it's/a.key\")");
        var client = _console.Client();
        var id = await _console.UploadAsync(client, SampleTrace.GzipLines(["{\"type\":\"x\",\"timestamp\":\"2026-11-27T10:00:00Z\",\"it's/a.key\":\"found\"}"]));
        var response = await client.PostAsJsonAsync($"/api/jobs/{id}/query", new { sql = $"SELECT json_extract_string(data, {path}) AS v FROM events" });

        Assert.Equal("cell\r\n\"'=HYPERLINK(\"\"http://evil\"\")\"\r\n'+1\r\n'-2\r\n'@SUM(A1)\r\n-3\r\nplain\r\n", csv);
        var answer = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.True(response.IsSuccessStatusCode, answer.GetRawText());
        Assert.Equal("[\"found\"]", answer.GetProperty("rows")[0].GetRawText());
    }

    [Fact]
    public async Task The_documented_Runner_Worker_query_shows_its_rows()
    {
        await _page.FillAsync("#sql", SandboxBackends.DocumentedRunnerWorkerQuery);
        await _page.ClickAsync("#run-query");

        var rows = _page.Locator("#results tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(_page.Locator("#results")).ToContainTextAsync("/proc/1200/mem");
        await Assertions.Expect(_page.Locator("#results")).ToContainTextAsync("/proc/1200/maps");
        await Assertions.Expect(_page.Locator("#results")).Not.ToContainTextAsync("/proc/self/maps");
        await Assertions.Expect(_page.Locator("#query-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^2 rows in \\d+ ms$"));
        await ConsolePagesTests.ScreenshotAsync(_page, "query");

        await rows.First.Locator("td").First.ClickAsync();
        await Assertions.Expect(_page.Locator("#cell-viewer pre")).ToContainTextAsync("\"type\": \"file_open\"");
    }

    [Fact]
    public async Task The_example_library_loads_the_join_form_of_the_Runner_Worker_query()
    {
        var runnerExample = await _page.Locator("#examples option", new() { HasTextString = "Runner.Worker" }).First.GetAttributeAsync("value");
        await _page.SelectOptionAsync("#examples", runnerExample!);
        await Assertions.Expect(_page.Locator("#sql")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Runner\\.Worker"));

        await _page.Keyboard.PressAsync("Control+Enter");
        await _page.FocusAsync("#sql");
        await _page.Keyboard.PressAsync("Control+Enter");

        await Assertions.Expect(_page.Locator("#results")).ToContainTextAsync("/proc/1200/mem");
    }

    [Fact]
    public async Task A_long_query_can_be_cancelled_and_the_next_one_runs()
    {
        await _page.FillAsync("#sql", SandboxBackends.LongQuery);
        await _page.ClickAsync("#run-query");
        await Assertions.Expect(_page.Locator("#query-status")).ToContainTextAsync("Running");
        await Assertions.Expect(_page.Locator("#cancel-query")).ToBeEnabledAsync();

        await _page.ClickAsync("#cancel-query");

        await Assertions.Expect(_page.Locator("#query-cancelled")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("#query-status")).ToHaveTextAsync("Cancelled");
        await _page.FillAsync("#sql", "SELECT count(*) AS n FROM events");
        await _page.ClickAsync("#run-query");
        await Assertions.Expect(_page.Locator("#results tbody")).ToHaveTextAsync("741");
    }

    [Fact]
    public async Task The_schema_panel_lists_each_types_keys_and_inserts_them()
    {
        await _page.FillAsync("#sql", "SELECT  FROM events");
        await _page.Locator("#sql").EvaluateAsync("e => e.setSelectionRange(7, 7)");

        await _page.ClickAsync("#schema summary");
        var dns = _page.Locator("#schema p.keys[data-type='dns_query']");
        await Assertions.Expect(dns).ToContainTextAsync("answers");
        await dns.Locator("button", new() { HasTextString = "hostname" }).ClickAsync();

        await Assertions.Expect(_page.Locator("#sql")).ToHaveValueAsync("SELECT json_extract_string(data, '$.hostname') FROM events");
    }

    [Fact]
    public async Task The_schema_panel_lists_the_typed_views_of_every_record_type_and_inserts_a_query_of_one()
    {
        await _page.FillAsync("#sql", "");

        await _page.ClickAsync("#schema summary");
        await Assertions.Expect(_page.Locator("#schema p.view[data-view='file_rename']")).ToContainTextAsync("new_path");
        await Assertions.Expect(_page.Locator("#schema p.view[data-view='process_access']")).ToContainTextAsync("target_relation");
        await Assertions.Expect(_page.Locator("#schema p.view[data-view='process_exec']")).ToContainTextAsync("snapshot");
        await _page.ClickAsync("#schema p.view[data-view='process_fork'] button.view-name");

        await Assertions.Expect(_page.Locator("#sql")).ToHaveValueAsync("SELECT * FROM process_fork");
        await _page.ClickAsync("#run-query");
        await Assertions.Expect(_page.Locator("#results thead")).ToContainTextAsync("ppid");
    }

    [Fact]
    public async Task A_query_link_opens_the_job_with_that_query()
    {
        await _page.FillAsync("#sql", "SELECT 'shared' AS marker");
        await _page.ClickAsync("#share-query");
        await Assertions.Expect(_page.Locator("#query-status")).ToHaveTextAsync("Link copied");
        var link = _page.Url;

        var other = await _page.Context.NewPageAsync();
        await other.GotoAsync(link);
        await Assertions.Expect(other.Locator("#sql")).ToHaveValueAsync("SELECT 'shared' AS marker");
        await other.ClickAsync("#run-query");
        await Assertions.Expect(other.Locator("#results tbody")).ToHaveTextAsync("shared");
    }

    [Fact]
    public async Task An_sql_error_is_shown_with_its_position_marked()
    {
        await _page.FillAsync("#sql", "SELECT nope FROM events");
        await _page.ClickAsync("#run-query");

        await Assertions.Expect(_page.Locator("#query-error")).ToContainTextAsync("nope");
        await Assertions.Expect(_page.Locator("#query-error mark")).ToHaveTextAsync("nope");
    }

    [Fact]
    public async Task The_starting_query_counts_events_by_type_and_its_result_exports_as_csv()
    {
        await _page.ClickAsync("#run-query");
        await Assertions.Expect(_page.Locator("#results tbody tr")).ToHaveCountAsync(7);

        var download = await _page.RunAndWaitForDownloadAsync(() => _page.ClickAsync("text=Export CSV"));
        var path = Path.Combine(_console.DataDirectory, "result.csv");
        await download.SaveAsAsync(path);

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal("event_type,n", lines[0]);
        Assert.Equal("file_open,476", lines[1]);
    }
}
