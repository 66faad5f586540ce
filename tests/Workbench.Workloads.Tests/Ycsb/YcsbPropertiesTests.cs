using Workbench.Workloads.Ycsb;

namespace Workbench.Workloads.Tests.Ycsb;

public class YcsbPropertiesTests
{
    internal static string WorkloadFile(string name)
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Workbench.sln"))) dir = Path.GetDirectoryName(dir);
        Assert.NotNull(dir);
        return Path.Combine(dir!, "workloads", "ycsb", name);
    }

    [Fact]
    public void Parses_java_properties_syntax()
    {
        var p = YcsbProperties.Parse("# comment\n! also comment\na=1\nb: two\nc three\n  d = spaced  \ne=con\\\n  tinued\n");
        Assert.Equal("1", p.GetString("a", ""));
        Assert.Equal("two", p.GetString("b", ""));
        Assert.Equal("three", p.GetString("c", ""));
        Assert.Equal("spaced", p.GetString("d", ""));
        Assert.Equal("continued", p.GetString("e", ""));
        Assert.False(p.Contains("comment"));
    }

    [Theory]
    [InlineData("workloada", 0.5, 0.5, 0, 0, 0, "zipfian")]
    [InlineData("workloadb", 0.95, 0.05, 0, 0, 0, "zipfian")]
    [InlineData("workloadc", 1, 0, 0, 0, 0, "zipfian")]
    [InlineData("workloadd", 0.95, 0, 0.05, 0, 0, "latest")]
    [InlineData("workloade", 0, 0, 0.05, 0.95, 0, "zipfian")]
    [InlineData("workloadf", 0.5, 0, 0, 0, 0.5, "zipfian")]
    public void Shipped_workloads_have_ycsbs_proportions(string file, double read, double update, double insert, double scan, double rmw, string dist)
    {
        var s = CoreWorkloadSettings.From(YcsbProperties.FromFile(WorkloadFile(file)));
        Assert.Equal((read, update, insert, scan, rmw, dist), (s.ReadProportion, s.UpdateProportion, s.InsertProportion, s.ScanProportion, s.ReadModifyWriteProportion, s.RequestDistribution));
        Assert.Equal((1000L, 1000L, 10, 100), (s.RecordCount, s.OperationCount, s.FieldCount, s.FieldLength));
    }

    [Fact]
    public void Workload_e_scans_up_to_100_uniformly()
    {
        var s = CoreWorkloadSettings.From(YcsbProperties.FromFile(WorkloadFile("workloade")));
        Assert.Equal((1, 100, "uniform"), (s.MinScanLength, s.MaxScanLength, s.ScanLengthDistribution));
    }

    [Fact]
    public void Defaults_are_ycsbs()
    {
        var s = CoreWorkloadSettings.From(YcsbProperties.Parse("recordcount=10"));
        Assert.Equal(("usertable", 10, 100, 0.95, 0.05, "uniform", 1000, false), (s.Table, s.FieldCount, s.FieldLength, s.ReadProportion, s.UpdateProportion, s.RequestDistribution, s.MaxScanLength, s.OrderedInserts));
        Assert.Equal(10, s.InsertCount);
        Assert.Equal(int.MaxValue, CoreWorkloadSettings.From(YcsbProperties.Parse("")).RecordCount);
    }

    [Fact]
    public void Command_line_overrides_win_and_bad_values_name_key_and_line()
    {
        var p = YcsbProperties.Parse("recordcount=10\nfieldcount=abc\n", "wl");
        p.SetFromArgument("recordcount=99");
        Assert.Equal(99, p.GetLong("recordcount", 0));
        var ex = Assert.Throws<FormatException>(() => CoreWorkloadSettings.From(p));
        Assert.Contains("'fieldcount'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("wl:2", ex.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => p.SetFromArgument("novalue"));
    }

    [Fact]
    public void Unsupported_distribution_is_an_error_naming_the_key()
    {
        var ex = Assert.Throws<FormatException>(() => CoreWorkloadSettings.From(YcsbProperties.Parse("requestdistribution=exponential")));
        Assert.Contains("requestdistribution", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => YcsbProperties.FromFile("/nonexistent/workloadz"));
        Assert.Contains("/nonexistent/workloadz", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("recordcount=-5", "'recordcount'")]
    [InlineData("operationcount=-1", "'operationcount'")]
    [InlineData("insertstart=-3", "'insertstart'")]
    [InlineData("readproportion=-0.5", "'readproportion'")]
    [InlineData("updateproportion=1.5", "'updateproportion'")]
    [InlineData("scanproportion=NaN", "'scanproportion'")]
    public void Negative_counts_and_proportions_are_errors_naming_key_and_line(string line, string key)
    {
        var ex = Assert.Throws<FormatException>(() => CoreWorkloadSettings.From(YcsbProperties.Parse("fieldcount=2\n" + line + "\n", "wl")));
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.Contains("wl:2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_without_a_separator_is_an_error_naming_file_and_line()
    {
        var ex = Assert.Throws<FormatException>(() => YcsbProperties.Parse("recordcount=10\n# comment\nreadproportion0.5\n", "wl"));
        Assert.Contains("wl:3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("readproportion0.5", ex.Message, StringComparison.Ordinal);
    }
}
