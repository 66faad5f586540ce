using System.Diagnostics;
using System.Text.RegularExpressions;
using Workbench.Harness.Report;
using Workbench.Harness.Results;

namespace Workbench.Harness.Tests.Report;

/// <summary>
/// Opens a rendered report in headless Chromium (Debian package `chromium`, installed by
/// `./run.sh test`): the rendered DOM must hold every chart as an SVG, the screenshot must be
/// produced, and the browser must log no script or resource errors.
/// </summary>
public sealed class ChromiumReportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-chromium-" + Guid.NewGuid().ToString("N"));

    public ChromiumReportTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string ChromiumPath()
    {
        foreach (var p in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" })
            if (File.Exists(p)) return p;
        throw new InvalidOperationException("headless Chromium is needed for this test: install the Debian package 'chromium' (./run.sh test does)");
    }

    private (string Stdout, string Stderr) Chromium(params string[] args)
    {
        var profile = Path.Combine(_dir, "profile-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo(ChromiumPath()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile}" })
            psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 2 minutes");
        }
        return (stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    [Fact]
    public void Report_renders_every_chart_in_headless_chromium_without_errors()
    {
        ResultsStore.Save(_dir, SyntheticResults.Make());
        var html = ReportWriter.Write(_dir);
        var expected = new ReportDocument(ResultsStore.Load(_dir)).Charts;
        var url = new Uri(html).AbsoluteUri;

        var (dom, domLog) = Chromium("--dump-dom", url);
        Assert.Equal(expected.Count, Regex.Count(dom, "<svg[^>]*class=\"chart "));
        foreach (var c in expected)
            Assert.Contains($"id=\"{Path.GetFileNameWithoutExtension(c.FileName)}\"", dom, StringComparison.Ordinal);
        Assert.Contains("Key results", dom, StringComparison.Ordinal);

        var shot = Path.Combine(_dir, "report.png");
        var (_, shotLog) = Chromium("--window-size=1280,2400", $"--screenshot={shot}", url);
        Assert.True(File.Exists(shot), "chromium wrote no screenshot: " + shotLog);
        var png = File.ReadAllBytes(shot);
        Assert.True(png.Length > 20_000, $"the screenshot is suspiciously small ({png.Length} bytes)");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);

        foreach (var log in new[] { domLog, shotLog })
        {
            Assert.DoesNotContain("Uncaught", log, StringComparison.Ordinal);
            Assert.DoesNotContain(":CONSOLE", log, StringComparison.Ordinal); // console messages, e.g. "INFO:CONSOLE:1] \"Uncaught Error: ..."
            Assert.DoesNotContain("net::ERR_", log, StringComparison.Ordinal);
        }
    }
}
