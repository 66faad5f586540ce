using System.Text.Json;
using Microsoft.Playwright;
using Workbench.Harness.Report;
using Workbench.Harness.Results;
using Xunit.Abstractions;

namespace Workbench.Harness.Tests.Report;

/// <summary>A fact that runs only where Debian's chromium is installed (`./run.sh test` installs it, so CI runs it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium))
            Skip = $"needs Debian's chromium at {Chromium}: install the package 'chromium' (./run.sh test does)";
    }
}

/// <summary>
/// Opens a rendered report in Debian's chromium through Microsoft.Playwright (no browser download:
/// ExecutablePath) and asserts on the rendered DOM: the scorecard is the first section, every chart
/// is an inline SVG whose rendered text holds its axis labels and legend entries, nothing is wider
/// than the page, the page logs no errors; and saves screenshots (the first screen, a latency
/// panel, the WA chart, the whole page) to report-screenshots/ beside the test binary, or to
/// WORKBENCH_SCREENSHOT_DIR. With WORKBENCH_REPORT_DIR set, checks that run directory's report instead
/// of a synthetic one.
/// </summary>
public sealed class ChromiumReportTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "workbench-chromium-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Inspect = """
        () => {
          const width = document.documentElement.clientWidth;
          const firstSection = document.querySelector('body > section');
          const charts = [...document.querySelectorAll('svg.chart')].map(s => ({
            id: s.closest('figure') ? s.closest('figure').id : '',
            text: s.textContent,
            x: s.getAttribute('data-x-label'),
            y: s.getAttribute('data-y-label'),
            legend: s.getAttribute('data-legend'),
            right: s.getBoundingClientRect().right,
          }));
          const overflowing = [...document.body.querySelectorAll('*')]
            .filter(e => !e.closest('.scroll') || e.classList.contains('scroll'))
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined ? '.' + e.className : ''));
          return { width, scrollWidth: document.documentElement.scrollWidth, first: firstSection ? firstSection.id : null,
                   firstHeading: firstSection ? firstSection.querySelector('h2').textContent : null, charts, overflowing };
        }
        """;

    [ChromiumFact]
    public async Task Report_renders_in_chromium_with_the_scorecard_first_and_every_chart_labelled()
    {
        var runDir = Environment.GetEnvironmentVariable("WORKBENCH_REPORT_DIR");
        string html;
        int expectedCharts;
        if (runDir is not null)
        {
            html = Path.Combine(runDir, ReportWriter.HtmlName);
            expectedCharts = new ReportDocument(ResultsStore.Load(runDir)).Charts.Count;
        }
        else
        {
            ResultsStore.Save(_dir, SyntheticResults.Make(repeats: 4));
            html = ReportWriter.Write(_dir);
            expectedCharts = new ReportDocument(ResultsStore.Load(_dir)).Charts.Count;
        }
        var shots = Environment.GetEnvironmentVariable("WORKBENCH_SCREENSHOT_DIR") ?? Path.Combine(AppContext.BaseDirectory, "report-screenshots");
        Directory.CreateDirectory(shots);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Chromium,
            Args = ["--no-sandbox", "--disable-gpu"],
            Headless = true,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning") errors.Add($"console {m.Type}: {m.Text}");
        };
        page.PageError += (_, e) => errors.Add("page error: " + e);
        page.RequestFailed += (_, r) => errors.Add("request failed: " + r.Url);
        await page.GotoAsync(new Uri(html).AbsoluteUri);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "first-screen.png") });
        // Open the folded tables so their width is checked too.
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        var result = await page.EvaluateAsync<JsonElement>(Inspect);
        output.WriteLine(result.ToString());

        Assert.Equal("scorecard", result.GetProperty("first").GetString());
        Assert.Equal("Scorecard", result.GetProperty("firstHeading").GetString());
        var charts = result.GetProperty("charts").EnumerateArray().ToList();
        Assert.Equal(expectedCharts, charts.Count);
        foreach (var c in charts)
        {
            var text = c.GetProperty("text").GetString()!;
            var id = c.GetProperty("id").GetString();
            Assert.Contains(c.GetProperty("x").GetString()!, text, StringComparison.Ordinal);
            Assert.Contains(c.GetProperty("y").GetString()!, text, StringComparison.Ordinal);
            var legend = c.GetProperty("legend").GetString()!.Split('|');
            Assert.NotEmpty(legend);
            foreach (var entry in legend) Assert.True(text.Contains(entry, StringComparison.Ordinal), $"chart in {id}: legend entry '{entry}' not rendered");
        }
        var width = result.GetProperty("width").GetInt32();
        Assert.True(result.GetProperty("scrollWidth").GetInt32() <= width, $"the page scrolls sideways: {result.GetProperty("scrollWidth")} > {width}");
        Assert.Empty(result.GetProperty("overflowing").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(errors);

        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = false)");
        await page.Locator("section#latency figure").First.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(shots, "latency.png") });
        await page.Locator("section#write-amplification figure").First.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(shots, "write-amp.png") });
        // A run with migrate cells: the per-second chart across the move.
        if (await page.Locator("section#online-engine-migration figure").CountAsync() > 0)
            await page.Locator("section#online-engine-migration figure").First.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(shots, "migration.png") });
        var full = Path.Combine(shots, "report.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = full, FullPage = true });
        var png = await File.ReadAllBytesAsync(full);
        Assert.True(png.Length > 20_000, $"the screenshot is suspiciously small ({png.Length} bytes)");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        output.WriteLine($"screenshots in {shots}");
    }
}
