using System.Data.Common;
using Ballast.Node.Storage;
using Ballast.Node.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ballast.Node.Tests.Storage;

/// <summary>
/// Snapshots written by parts (each part its own database transaction, so a block's commit waits for one part, not
/// megabytes): the latest complete snapshot reads back as its parts in order; parts of a snapshot never completed are
/// passed over and removed once a later one completes; the older whole-row form still reads; a store of schema 2 is
/// upgraded in place.
/// </summary>
public sealed class SnapshotPartTests
{
    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static void WriteByParts(INodeStore store, long height, byte[] state, int partBytes)
    {
        for (int index = 0, at = 0; at < state.Length; index++, at += partBytes)
            store.WriteSnapshotPart(height, index, state.AsMemory(at, Math.Min(partBytes, state.Length - at)));
        store.CompleteSnapshot(height, $"hash-{height}", $"{{\"h\":{height}}}");
    }

    /// <summary>Rows of <c>snapshot_parts</c>, counted with the database's own client (not through the store).</summary>
    private static long PartRows(StorePlace place)
    {
        using DbConnection connection = place.Options.Postgres is { } postgres
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(place.Options.DataFolder, "chain.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM snapshot_parts";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public void The_latest_complete_snapshot_reads_back_as_its_parts_in_order(string kind)
    {
        using var place = Stores.Create(kind);
        var first = Bytes(1_000_003, 1);
        var second = Bytes(70_000, 2);
        using (var store = place.Open())
        {
            WriteByParts(store, 10, first, 65_536);
            var latest = store.LatestSnapshot().ShouldNotBeNull();
            latest.Height.ShouldBe(10);
            latest.StateHash.ShouldBe("hash-10");
            latest.Node.ShouldBe("{\"h\":10}");
            latest.State.ShouldBe(first);

            // A write that stopped half-way (two parts of three, never completed) is passed over.
            store.WriteSnapshotPart(20, 0, second.AsMemory(0, 30_000));
            store.WriteSnapshotPart(20, 1, second.AsMemory(30_000, 30_000));
            store.LatestSnapshot().ShouldNotBeNull().Height.ShouldBe(10);
        }
        using (var store = place.Open())
        {
            // After a restart the interrupted height is written again from its start: its stale parts are replaced.
            WriteByParts(store, 20, second, 30_000);
            store.LatestSnapshot().ShouldNotBeNull().State.ShouldBe(second);
            WriteByParts(store, 30, first, 500_000);
            WriteByParts(store, 40, second, 70_000);
            var latest = store.LatestSnapshot().ShouldNotBeNull();
            latest.Height.ShouldBe(40);
            latest.State.ShouldBe(second);
        }
        // Kept: the latest two (30 in 3 parts, 40 in 1); the parts of 10 and 20 are gone.
        PartRows(place).ShouldBe(4);
    }

    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public void Parts_left_by_a_write_that_never_completed_are_removed_when_a_later_snapshot_completes(string kind)
    {
        using var place = Stores.Create(kind);
        using (var store = place.Open())
        {
            store.WriteSnapshotPart(5, 0, Bytes(1000, 3));
            store.WriteSnapshotPart(5, 1, Bytes(1000, 4));
            store.LatestSnapshot().ShouldBeNull();
            WriteByParts(store, 9, Bytes(2500, 5), 1000);
        }
        PartRows(place).ShouldBe(3);
        using (var store = place.Open()) store.LatestSnapshot().ShouldNotBeNull().Height.ShouldBe(9);
    }

    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public void A_whole_row_snapshot_and_a_snapshot_by_parts_live_side_by_side(string kind)
    {
        using var place = Stores.Create(kind);
        using var store = place.Open();
        var whole = Bytes(4096, 6);
        store.WriteSnapshot(new StoredSnapshot(7, "hash-7", whole, "{}"));
        store.LatestSnapshot().ShouldNotBeNull().State.ShouldBe(whole);
        var parted = Bytes(5000, 7);
        WriteByParts(store, 8, parted, 2048);
        store.LatestSnapshot().ShouldNotBeNull().State.ShouldBe(parted);
        store.TruncateAfter(7);
        store.LatestSnapshot().ShouldNotBeNull().State.ShouldBe(whole);
        PartRows(place).ShouldBe(0);
    }

    [Fact]
    public void A_store_of_schema_2_is_upgraded_in_place_and_keeps_its_snapshot()
    {
        using var place = Stores.Create("sqlite");
        var whole = Bytes(3000, 8);
        using (var store = place.Open()) store.WriteSnapshot(new StoredSnapshot(3, "hash-3", whole, "{}"));
        var file = Path.Combine(place.Options.DataFolder, "chain.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            // The shape schema 2 had: no snapshot_parts, blocks without first_event and events, version 2.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE snapshot_parts; DROP INDEX blocks_first_event; ALTER TABLE blocks DROP COLUMN first_event; ALTER TABLE blocks DROP COLUMN events; " +
                "UPDATE meta SET value = '2' WHERE key = 'schema';";
            command.ExecuteNonQuery();
        }
        using (var store = place.Open())
        {
            store.LatestSnapshot().ShouldNotBeNull().State.ShouldBe(whole);
            WriteByParts(store, 4, Bytes(100, 9), 64);
            store.LatestSnapshot().ShouldNotBeNull().Height.ShouldBe(4);
        }
        using var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "SELECT value FROM meta WHERE key = 'schema'";
        version.ExecuteScalar().ShouldBe("4");
    }
}
