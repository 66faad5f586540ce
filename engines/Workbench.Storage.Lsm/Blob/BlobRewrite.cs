namespace Workbench.Storage.Lsm.Blob;

/// <summary>One GC rewrite: the key now at <see cref="Old"/> should point at <see cref="New"/> — applied only if it still points at Old.</summary>
internal readonly record struct BlobRewrite(byte[] Key, BlobIndex Old, BlobIndex New);
