using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.Identity;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Registers the LSM with key-value separation as "titan": every option of "lsm" plus Titan's
/// (tikv/titan names and defaults). min_blob_size is per column family, so e.g. a lock CF can keep
/// values inline (set it very large there).
/// </summary>
public sealed class TitanEngineFactory : IEngineFactory, IOwnsEngineFiles
{
    /// <inheritdoc/>
    public string IdentityName => "titan";

    /// <summary>The lsm engine's files plus blob files and blob manifests (Blob/FORMAT.md).</summary>
    public bool OwnsFile(string fileName) => OwnsTitanFile(fileName);

    internal static bool OwnsTitanFile(string fileName) =>
        LsmEngineFactory.OwnsLsmFile(fileName) || BlobFileFormat.TryParseFileName(fileName, out _) || fileName.StartsWith("BLOBMANIFEST-", StringComparison.Ordinal);

    /// <inheritdoc/>
    public string Name => "titan";

    /// <inheritdoc/>
    public string Description => "native LSM with Titan-style key-value separation: blob files, BlobIndex in the SSTs, garbage tracking and GC";

    /// <inheritdoc/>
    public EngineCapabilities Capabilities => EngineCapabilities.Persistent | EngineCapabilities.UsesFileSystem;

    /// <inheritdoc/>
    public IReadOnlyList<OptionSpec> Options { get; } = TitanOptionDeclarations.Specs();

    /// <inheritdoc/>
    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var e = request.Options;
        var perCf = new Dictionary<string, long>();
        foreach (var cf in request.ColumnFamilies)
            if (cf.Options.Contains(TitanOptionNames.MinBlobSize)) perCf[cf.Name] = TitanOptionDeclarations.MinBlobSizeOption.Get(cf.Options);
        var titan = TitanOptionDeclarations.Titan.Apply(new TitanOptions(), e) with { MinBlobSizeByColumnFamily = perCf };
        if (titan.Compression == BlobCompression.Brotli && titan.CompressionLevel > 11)
            throw new EngineConfigException($"option 'blob_compression_level' = {titan.CompressionLevel}: brotli's quality is 0-11");
        if (titan.Compression == BlobCompression.Zstd && titan.CompressionLevel < 1)
            throw new EngineConfigException($"option 'blob_compression_level' = {titan.CompressionLevel}: zstd's level is 1-22");
        var (options, cfOptions) = LsmEngineFactory.BuildOptions(request, titan);
        // GC's small-file bound starts from each CF's write buffer (the size of a flush's blob file) until flushes are seen.
        var buffers = new long[cfOptions.Length];
        for (var i = 0; i < buffers.Length; i++) buffers[i] = cfOptions[i].WriteBufferSize;
        titan = titan with { WriteBufferSizes = buffers, BlobReadMode = options.TableReadMode };
        options = options with { Titan = titan };
        return new LsmEngine(request, options, cfOptions, TitanValueSeparator.Plugin(titan));
    }
}
