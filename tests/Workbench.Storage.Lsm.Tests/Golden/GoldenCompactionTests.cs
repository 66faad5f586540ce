using System.Globalization;
using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Lsm.Tests.Jobs;
using Workbench.Storage.Lsm.Version;
using Workbench.Testing.Golden;
using Ascii = System.Text.Encoding;

namespace Workbench.Storage.Lsm.Tests.Golden;

/// <summary>Golden tests of the compaction iterator and the compaction picker (testdata/*.txt; see <see cref="GoldenFile"/>).</summary>
public class GoldenCompactionTests
{
    [Fact]
    public void Compaction_iterator() => GoldenFile.Run("compaction_iterator.txt", Iterate);

    [Fact]
    public void Compaction_picker() => GoldenFile.Run("compaction_picker.txt", Pick);

    /// <summary>
    /// <c>iterate snapshot=N [output=L] [below=L3:c-d,L4:x-y]</c>: without <c>output</c> tombstones are
    /// kept (flush); with it, a tombstone is dropped where no file of a level below the output holds its key.
    /// Input: <c>key#seq KIND [value]</c> (SET, DEL, BLOB), any order.
    /// </summary>
    private static IEnumerable<string> Iterate(GoldenFile.Case c)
    {
        if (c.Command != "iterate") throw new InvalidDataException($"unknown command '{c.Command}'");
        var mem = new Memtable(1);
        foreach (var line in c.Input)
        {
            var parts = line.Split(' ', 3);
            var hash = parts[0].IndexOf('#');
            var kind = parts[1] switch
            {
                "SET" => ValueKind.Value,
                "DEL" => ValueKind.Deletion,
                "BLOB" => ValueKind.BlobIndex,
                var k => throw new InvalidDataException($"unknown kind '{k}' in '{line}'"),
            };
            mem.Add(long.Parse(parts[0][(hash + 1)..], CultureInfo.InvariantCulture), kind, Ascii.ASCII.GetBytes(parts[0][..hash]), Ascii.ASCII.GetBytes(parts.Length > 2 ? parts[2] : ""));
        }
        var snapshot = c.Args["snapshot"] == "max" ? long.MaxValue : long.Parse(c.Args["snapshot"], CultureInfo.InvariantCulture);
        BaseLevelCheck? baseLevel = null;
        if (c.Args.TryGetValue("output", out var output))
        {
            var levels = new FileMetadata[7][];
            for (var l = 0; l < levels.Length; l++) levels[l] = [];
            if (c.Args.TryGetValue("below", out var below))
            {
                var number = 100;
                foreach (var spec in below.Split(','))
                {
                    var level = int.Parse(spec[1..spec.IndexOf(':')], CultureInfo.InvariantCulture);
                    var range = spec[(spec.IndexOf(':') + 1)..].Split('-');
                    levels[level] = [.. levels[level], JobInputs.File(number++, range[0], range[1])];
                }
            }
            baseLevel = new BaseLevelCheck(levels, int.Parse(output, CultureInfo.InvariantCulture));
        }
        using var it = mem.NewIterator();
        var kept = JobInputs.Drain(new CompactionIterator(it, snapshot, baseLevel));
        return kept.Count == 0 ? ["(nothing)"] : kept;
    }

    /// <summary>
    /// <c>pick [levels=4] [l0_trigger=4] [level_base=N] [multiplier=10] [pointer=L1:key]</c>. Input: one
    /// file a line, <c>L&lt;level&gt; &lt;number&gt; &lt;smallest&gt;-&lt;largest&gt; &lt;size&gt; [compacting]</c>;
    /// L0 files newest first. Output: the score of every level but the last, then the pick.
    /// </summary>
    private static IEnumerable<string> Pick(GoldenFile.Case c)
    {
        if (c.Command != "pick") throw new InvalidDataException($"unknown command '{c.Command}'");
        int Arg(string name, int fallback) => c.Args.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var options = new ColumnFamilyOptions
        {
            NumLevels = Arg("levels", 4),
            Level0FileNumCompactionTrigger = Arg("l0_trigger", 4),
            MaxBytesForLevelBase = Arg("level_base", 1000),
            MaxBytesForLevelMultiplier = Arg("multiplier", 10),
        };
        var cf = new ColumnFamilyState(0, "default", options, new Memtable(0));
        var files = new List<FileMetadata>[options.NumLevels];
        for (var l = 0; l < files.Length; l++) files[l] = [];
        foreach (var line in c.Input)
        {
            var parts = line.Split(' ');
            var range = parts[2].Split('-');
            var f = File(long.Parse(parts[1], CultureInfo.InvariantCulture), range[0], range[1], long.Parse(parts[3], CultureInfo.InvariantCulture));
            if (parts.Length > 4 && parts[4] == "compacting") f.BeingCompacted = true;
            files[int.Parse(parts[0][1..], CultureInfo.InvariantCulture)].Add(f);
        }
        if (c.Args.TryGetValue("pointer", out var pointer))
        {
            var level = int.Parse(pointer[1..pointer.IndexOf(':')], CultureInfo.InvariantCulture);
            cf.CompactPointers[level] = JobInputs.File(0, pointer[(pointer.IndexOf(':') + 1)..], pointer[(pointer.IndexOf(':') + 1)..]).Largest;
        }
        var version = new LsmVersion([files.Select(l => l.ToArray()).ToArray()], _ => { });
        var scores = new List<string>();
        for (var l = 0; l < options.NumLevels - 1; l++) scores.Add($"L{l} {CompactionPicker.Score(cf, version, l).ToString("F2", CultureInfo.InvariantCulture)}");
        yield return "scores " + string.Join(", ", scores);
        var pick = CompactionPicker.Pick(cf, version);
        if (pick is null)
        {
            yield return "no compaction";
            yield break;
        }
        yield return $"L{pick.Level} -> L{pick.OutputLevel}: inputs {Numbers(pick.Inputs)}; next level {Numbers(pick.OutputLevelInputs)}; trivial move {(pick.IsTrivialMove ? "yes" : "no")}";
    }

    private static string Numbers(List<FileMetadata> files) => files.Count == 0 ? "-" : string.Join(",", files.Select(f => f.Number));

    private static FileMetadata File(long number, string smallest, string largest, long size)
    {
        var shape = JobInputs.File(number, smallest, largest);
        return new FileMetadata(number, size, shape.Smallest, shape.Largest, shape.SmallestSequence, shape.LargestSequence);
    }
}
