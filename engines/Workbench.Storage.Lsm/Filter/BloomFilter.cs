using System.Buffers.Binary;

namespace Workbench.Storage.Lsm.Filter;

/// <summary>
/// A whole-table bloom filter over user keys (LevelDB's bloom with double hashing). Layout:
/// bit array followed by one byte = number of probes k. Immutable once built; thread-safe to query.
/// </summary>
internal static class BloomFilter
{
    /// <summary>LevelDB's murmur-like 32-bit hash (util/hash.cc, seed 0xbc9f1d34).</summary>
    public static uint Hash(ReadOnlySpan<byte> data)
    {
        const uint m = 0xc6a4a793;
        var h = 0xbc9f1d34u ^ (uint)data.Length * m;
        while (data.Length >= 4)
        {
            h += BinaryPrimitives.ReadUInt32LittleEndian(data);
            h *= m;
            h ^= h >> 16;
            data = data[4..];
        }
        switch (data.Length)
        {
            case 3:
                h += (uint)data[2] << 16;
                goto case 2;
            case 2:
                h += (uint)data[1] << 8;
                goto case 1;
            case 1:
                h += data[0];
                h *= m;
                h ^= h >> 24;
                break;
        }
        return h;
    }

    /// <summary>Builds the filter for the given key hashes.</summary>
    public static byte[] Build(List<uint> hashes, int bitsPerKey)
    {
        var k = Math.Clamp((int)(bitsPerKey * 0.69), 1, 30);
        var bits = Math.Max(64, hashes.Count * bitsPerKey);
        var bytes = (bits + 7) / 8;
        bits = bytes * 8;
        var filter = new byte[bytes + 1];
        filter[bytes] = (byte)k;
        foreach (var hash in hashes)
        {
            var h = hash;
            var delta = (h >> 17) | (h << 15);
            for (var j = 0; j < k; j++)
            {
                var pos = h % (uint)bits;
                filter[pos / 8] |= (byte)(1 << (int)(pos % 8));
                h += delta;
            }
        }
        return filter;
    }

    /// <summary>False means the key is definitely absent.</summary>
    public static bool MayContain(ReadOnlySpan<byte> filter, uint hash)
    {
        if (filter.Length < 2) return true;
        var bytes = filter.Length - 1;
        var bits = (uint)bytes * 8;
        var k = filter[bytes];
        if (k > 30) return true; // reserved for other encodings: err on the safe side
        var h = hash;
        var delta = (h >> 17) | (h << 15);
        for (var j = 0; j < k; j++)
        {
            var pos = h % bits;
            if ((filter[(int)(pos / 8)] & (1 << (int)(pos % 8))) == 0) return false;
            h += delta;
        }
        return true;
    }
}
