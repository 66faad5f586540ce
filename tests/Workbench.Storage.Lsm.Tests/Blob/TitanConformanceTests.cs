using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;

namespace Workbench.Storage.Lsm.Tests.Blob;

/// <summary>The whole suite (crash simulation included) with min_blob_size 1: nearly every value is separated; GC runs in the background.</summary>
public sealed class TitanSeparatedConformanceTests(ITestOutputHelper output) : CrashConformanceTests(output)
{
    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        TitanTestEngines.Open(fileSystem, directory, columnFamilies, new() { ["min_blob_size"] = "1" });
}

/// <summary>The whole suite with min_blob_size 64: a mix of inline and separated values.</summary>
public sealed class TitanMixedConformanceTests(ITestOutputHelper output) : CrashConformanceTests(output)
{
    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        TitanTestEngines.Open(fileSystem, directory, columnFamilies, new() { ["min_blob_size"] = "64" });
}

/// <summary>Every value separated, level merge on: compactions into the deepest levels rewrite blob records.</summary>
public sealed class TitanLevelMergeConformanceTests(ITestOutputHelper output) : CrashConformanceTests(output)
{
    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        TitanTestEngines.Open(fileSystem, directory, columnFamilies, new() { ["min_blob_size"] = "1", ["level_merge"] = "true" });
}

/// <summary>Every value separated, blob_compression = brotli: the suite's random values stay raw, its zero-filled ones are compressed (compressed records under GC and crashes: TitanEngineTests).</summary>
public sealed class TitanCompressedConformanceTests(ITestOutputHelper output) : CrashConformanceTests(output)
{
    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        TitanTestEngines.Open(fileSystem, directory, columnFamilies, new() { ["min_blob_size"] = "1", ["blob_compression"] = "brotli" });
}
