using System.Runtime.InteropServices;

namespace Workbench.Storage.RocksDb.Native;

/// <summary>
/// Every P/Invoke into librocksdb's C API (RocksDB 7.8.3, /usr/include/rocksdb/c.h), in one place.
/// Conventions: byte strings are passed as <c>ref byte</c> + length (the marshaller pins the span's
/// first element for the call only: no copy, no allocation); <c>char** errptr</c> is <c>ref nint</c>
/// and must start at 0 (see <see cref="RocksDbStatus"/>); objects travel as safe handles so a
/// handle cannot be freed while a call is using it. Strings returned by the library are malloc()ed
/// and freed with <see cref="rocksdb_free"/>. The library is located by <see cref="RocksDbLibrary"/>.
/// </summary>
internal static class RocksDbNative
{
    internal const string Lib = "rocksdb";

    // ---- DB ----
    [DllImport(Lib)] internal static extern nint rocksdb_open_column_families(OptionsHandle options, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, int numColumnFamilies, nint[] columnFamilyNames, nint[] columnFamilyOptions, nint[] columnFamilyHandles, ref nint errptr);
    [DllImport(Lib)] internal static extern nint rocksdb_list_column_families(OptionsHandle options, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, out nuint count, ref nint errptr);
    [DllImport(Lib)] internal static extern void rocksdb_list_column_families_destroy(nint list, nuint count);
    [DllImport(Lib)] internal static extern void rocksdb_close(nint db);
    [DllImport(Lib)] internal static extern void rocksdb_column_family_handle_destroy(nint handle);
    [DllImport(Lib)] internal static extern void rocksdb_free(nint ptr);

    [DllImport(Lib)] internal static extern void rocksdb_write(DbHandle db, WriteOptionsHandle options, WriteBatchHandle batch, ref nint errptr);
    [DllImport(Lib)] internal static extern nint rocksdb_get_pinned_cf(DbHandle db, ReadOptionsHandle options, ColumnFamilyNativeHandle cf, ref byte key, nuint keyLength, ref nint errptr);
    [DllImport(Lib)] internal static extern nint rocksdb_pinnableslice_value(nint slice, out nuint length);
    [DllImport(Lib)] internal static extern void rocksdb_pinnableslice_destroy(nint slice);

    [DllImport(Lib)] internal static extern nint rocksdb_create_snapshot(DbHandle db);
    [DllImport(Lib)] internal static extern void rocksdb_release_snapshot(nint db, nint snapshot);
    [DllImport(Lib)] internal static extern ulong rocksdb_get_latest_sequence_number(DbHandle db);

    [DllImport(Lib)] internal static extern nint rocksdb_property_value(DbHandle db, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);
    [DllImport(Lib)] internal static extern nint rocksdb_property_value_cf(DbHandle db, ColumnFamilyNativeHandle cf, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport(Lib)] internal static extern void rocksdb_flush_cf(DbHandle db, FlushOptionsHandle options, ColumnFamilyNativeHandle cf, ref nint errptr);
    [DllImport(Lib)] internal static extern void rocksdb_flush_wal(DbHandle db, byte sync, ref nint errptr);
    [DllImport(Lib)] internal static extern void rocksdb_compact_range_cf_opt(DbHandle db, ColumnFamilyNativeHandle cf, CompactOptionsHandle options, nint startKey, nuint startKeyLength, nint limitKey, nuint limitKeyLength);

    // ---- iterators ----
    [DllImport(Lib)] internal static extern nint rocksdb_create_iterator_cf(DbHandle db, nint readOptions, ColumnFamilyNativeHandle cf);
    [DllImport(Lib)] internal static extern void rocksdb_iter_destroy(nint iterator);
    [DllImport(Lib)] internal static extern byte rocksdb_iter_valid(IteratorHandle iterator);
    [DllImport(Lib)] internal static extern void rocksdb_iter_seek_to_first(IteratorHandle iterator);
    [DllImport(Lib)] internal static extern void rocksdb_iter_seek(IteratorHandle iterator, ref byte key, nuint keyLength);
    [DllImport(Lib)] internal static extern void rocksdb_iter_next(IteratorHandle iterator);
    [DllImport(Lib)] internal static extern nint rocksdb_iter_key(IteratorHandle iterator, out nuint length);
    [DllImport(Lib)] internal static extern nint rocksdb_iter_value(IteratorHandle iterator, out nuint length);
    [DllImport(Lib)] internal static extern void rocksdb_iter_get_error(IteratorHandle iterator, ref nint errptr);

    // ---- write batch ----
    [DllImport(Lib)] internal static extern nint rocksdb_writebatch_create();
    [DllImport(Lib)] internal static extern void rocksdb_writebatch_destroy(nint batch);
    [DllImport(Lib)] internal static extern void rocksdb_writebatch_clear(WriteBatchHandle batch);
    [DllImport(Lib)] internal static extern void rocksdb_writebatch_put_cf(WriteBatchHandle batch, ColumnFamilyNativeHandle cf, ref byte key, nuint keyLength, ref byte value, nuint valueLength);
    [DllImport(Lib)] internal static extern void rocksdb_writebatch_delete_cf(WriteBatchHandle batch, ColumnFamilyNativeHandle cf, ref byte key, nuint keyLength);

    // ---- read / write / flush / compact options ----
    [DllImport(Lib)] internal static extern nint rocksdb_readoptions_create();
    [DllImport(Lib)] internal static extern void rocksdb_readoptions_destroy(nint options);
    [DllImport(Lib)] internal static extern void rocksdb_readoptions_set_fill_cache(nint options, byte value);
    [DllImport(Lib)] internal static extern void rocksdb_readoptions_set_snapshot(nint options, nint snapshot);
    [DllImport(Lib)] internal static extern void rocksdb_readoptions_set_iterate_lower_bound(nint options, nint key, nuint keyLength);
    [DllImport(Lib)] internal static extern void rocksdb_readoptions_set_iterate_upper_bound(nint options, nint key, nuint keyLength);

    [DllImport(Lib)] internal static extern nint rocksdb_writeoptions_create();
    [DllImport(Lib)] internal static extern void rocksdb_writeoptions_destroy(nint options);
    [DllImport(Lib)] internal static extern void rocksdb_writeoptions_set_sync(nint options, byte value);
    [DllImport(Lib)] internal static extern void rocksdb_writeoptions_disable_WAL(nint options, int disable);

    [DllImport(Lib)] internal static extern nint rocksdb_flushoptions_create();
    [DllImport(Lib)] internal static extern void rocksdb_flushoptions_destroy(nint options);
    [DllImport(Lib)] internal static extern void rocksdb_flushoptions_set_wait(nint options, byte value);

    [DllImport(Lib)] internal static extern nint rocksdb_compactoptions_create();
    [DllImport(Lib)] internal static extern void rocksdb_compactoptions_destroy(nint options);
    [DllImport(Lib)] internal static extern void rocksdb_compactoptions_set_bottommost_level_compaction(nint options, byte value);

    // ---- DB / CF options ----
    [DllImport(Lib)] internal static extern nint rocksdb_options_create();
    [DllImport(Lib)] internal static extern void rocksdb_options_destroy(nint options);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_create_if_missing(OptionsHandle options, byte value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_create_missing_column_families(OptionsHandle options, byte value);
    [DllImport(Lib)] internal static extern void rocksdb_options_enable_statistics(OptionsHandle options);
    [DllImport(Lib)] internal static extern nint rocksdb_options_statistics_get_string(OptionsHandle options);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_max_background_jobs(OptionsHandle options, int value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_enable_pipelined_write(OptionsHandle options, byte value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_use_direct_reads(OptionsHandle options, byte value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_use_direct_io_for_flush_and_compaction(OptionsHandle options, byte value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_max_open_files(OptionsHandle options, int value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_bytes_per_sync(OptionsHandle options, ulong value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_wal_bytes_per_sync(OptionsHandle options, ulong value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_max_total_wal_size(OptionsHandle options, ulong value);

    [DllImport(Lib)] internal static extern void rocksdb_options_set_write_buffer_size(OptionsHandle options, nuint value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_max_write_buffer_number(OptionsHandle options, int value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_level0_file_num_compaction_trigger(OptionsHandle options, int value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_level0_slowdown_writes_trigger(OptionsHandle options, int value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_level0_stop_writes_trigger(OptionsHandle options, int value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_max_bytes_for_level_base(OptionsHandle options, ulong value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_max_bytes_for_level_multiplier(OptionsHandle options, double value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_target_file_size_base(OptionsHandle options, ulong value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_num_levels(OptionsHandle options, int value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_level_compaction_dynamic_level_bytes(OptionsHandle options, byte value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_compression(OptionsHandle options, int value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_block_based_table_factory(OptionsHandle options, BlockBasedOptionsHandle tableOptions);

    [DllImport(Lib)] internal static extern void rocksdb_options_set_enable_blob_files(OptionsHandle options, byte value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_min_blob_size(OptionsHandle options, ulong value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_blob_file_size(OptionsHandle options, ulong value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_enable_blob_gc(OptionsHandle options, byte value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_blob_gc_age_cutoff(OptionsHandle options, double value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_blob_gc_force_threshold(OptionsHandle options, double value);
    [DllImport(Lib)] internal static extern void rocksdb_options_set_blob_file_starting_level(OptionsHandle options, int value);

    // ---- block-based table, cache, filter ----
    [DllImport(Lib)] internal static extern nint rocksdb_block_based_options_create();
    [DllImport(Lib)] internal static extern void rocksdb_block_based_options_destroy(nint options);
    [DllImport(Lib)] internal static extern void rocksdb_block_based_options_set_block_size(BlockBasedOptionsHandle options, nuint value);
    [DllImport(Lib)] internal static extern void rocksdb_block_based_options_set_block_cache(BlockBasedOptionsHandle options, CacheHandle cache);
    [DllImport(Lib)] internal static extern void rocksdb_block_based_options_set_no_block_cache(BlockBasedOptionsHandle options, byte value);
    [DllImport(Lib)] internal static extern void rocksdb_block_based_options_set_checksum(BlockBasedOptionsHandle options, byte value);
    [DllImport(Lib)] internal static extern void rocksdb_block_based_options_set_format_version(BlockBasedOptionsHandle options, int value);
    [DllImport(Lib)] internal static extern void rocksdb_block_based_options_set_cache_index_and_filter_blocks(BlockBasedOptionsHandle options, byte value);

    /// <summary>The table options take ownership of the policy (it is destroyed with them).</summary>
    [DllImport(Lib)] internal static extern void rocksdb_block_based_options_set_filter_policy(BlockBasedOptionsHandle options, nint filterPolicy);
    [DllImport(Lib)] internal static extern nint rocksdb_filterpolicy_create_bloom_full(double bitsPerKey);

    [DllImport(Lib)] internal static extern nint rocksdb_cache_create_lru(nuint capacity);
    [DllImport(Lib)] internal static extern void rocksdb_cache_destroy(nint cache);
}
