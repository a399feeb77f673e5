using System.Text;
using Ballast.Simulation.Metrics;

namespace Ballast.Simulation.Sharding;

/// <summary>
/// The exact bytes a shard stores for one unit of work: a path's <see cref="PathResult"/> (a simulation shard) or a
/// grid point's <see cref="RunSummary"/> (a sweep shard). Doubles travel as their 64 bits (NaN, infinities and
/// negative zero included), lists keep their order — the refusals' dictionary too, whose order the report's examples
/// follow — so a merged run recomputes exactly what the single run computed.
/// </summary>
public static class UnitCodec
{
    private const byte PathVersion = 1, SummaryVersion = 1;

    public static byte[] EncodePath(PathResult p)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8))
        {
            w.Write(PathVersion);
            w.Write(p.Path);
            w.Write(p.Blocks);
            w.Write(p.Rejections);
            WriteLongs(w, p.SampleBlocks);
            w.Write(p.Series.Length);
            foreach (var row in p.Series) WriteDoubles(w, row);
            WriteDoubles(w, p.Outcomes);
            w.Write(p.RejectionsByKind.Count);
            foreach (var (kind, (count, example)) in p.RejectionsByKind)
            {
                w.Write(kind);
                w.Write(count);
                w.Write(example);
            }
        }
        return stream.ToArray();
    }

    public static PathResult DecodePath(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
        Expect(r, PathVersion, "path result");
        int path = r.ReadInt32();
        long blocks = r.ReadInt64(), rejections = r.ReadInt64();
        var sampleBlocks = ReadLongs(r);
        var series = new double[r.ReadInt32()][];
        for (int k = 0; k < series.Length; k++) series[k] = ReadDoubles(r);
        var outcomes = ReadDoubles(r);
        int kinds = r.ReadInt32();
        var byKind = new Dictionary<string, (long, string)>(kinds);
        for (int i = 0; i < kinds; i++)
        {
            string kind = r.ReadString();
            long count = r.ReadInt64();
            byKind.Add(kind, (count, r.ReadString()));
        }
        End(r, "path result");
        return new PathResult(path, sampleBlocks, series, outcomes, blocks, rejections) { RejectionsByKind = byKind };
    }

    public static byte[] EncodeSummary(RunSummary s)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8))
        {
            w.Write(SummaryVersion);
            w.Write(s.Paths);
            w.Write(s.Outcomes.Count);
            foreach (var o in s.Outcomes)
            {
                w.Write(o.Name);
                WriteEstimate(w, o.Mean);
                w.Write(o.P5);
                w.Write(o.P50);
                w.Write(o.P95);
            }
            foreach (var e in new[] { s.ProbabilityOfRuin, s.VaR95, s.VaR99, s.ES95, s.ES99 }) WriteEstimate(w, e);
            w.Write(s.LiquidationsAtRisk);
            w.Write(s.Fans.Count);
            foreach (var f in s.Fans)
            {
                w.Write(f.Name);
                WriteLongs(w, f.Blocks);
                w.Write(f.Bands.Length);
                foreach (var band in f.Bands) WriteDoubles(w, band);
            }
        }
        return stream.ToArray();
    }

    public static RunSummary DecodeSummary(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
        Expect(r, SummaryVersion, "grid point summary");
        int paths = r.ReadInt32();
        var outcomes = new OutcomeSummary[r.ReadInt32()];
        for (int i = 0; i < outcomes.Length; i++)
            outcomes[i] = new OutcomeSummary(r.ReadString(), ReadEstimate(r), r.ReadDouble(), r.ReadDouble(), r.ReadDouble());
        var (ruin, var95, var99, es95, es99) = (ReadEstimate(r), ReadEstimate(r), ReadEstimate(r), ReadEstimate(r), ReadEstimate(r));
        double lar = r.ReadDouble();
        var fans = new FanSeries[r.ReadInt32()];
        for (int i = 0; i < fans.Length; i++)
        {
            string name = r.ReadString();
            var blocks = ReadLongs(r);
            var bands = new double[r.ReadInt32()][];
            for (int b = 0; b < bands.Length; b++) bands[b] = ReadDoubles(r);
            fans[i] = new FanSeries(name, blocks, bands);
        }
        End(r, "grid point summary");
        return new RunSummary(paths, outcomes, ruin, var95, var99, es95, es99, lar, fans);
    }

    private static void WriteEstimate(BinaryWriter w, Estimate e)
    {
        w.Write(e.Value);
        w.Write(e.Low);
        w.Write(e.High);
    }

    private static Estimate ReadEstimate(BinaryReader r) => new(r.ReadDouble(), r.ReadDouble(), r.ReadDouble());

    private static void WriteLongs(BinaryWriter w, long[] values)
    {
        w.Write(values.Length);
        foreach (var v in values) w.Write(v);
    }

    private static long[] ReadLongs(BinaryReader r)
    {
        var values = new long[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadInt64();
        return values;
    }

    // BinaryWriter writes a double's IEEE 754 bits little-endian: exact, NaN payloads included.
    private static void WriteDoubles(BinaryWriter w, double[] values)
    {
        w.Write(values.Length);
        foreach (var v in values) w.Write(v);
    }

    private static double[] ReadDoubles(BinaryReader r)
    {
        var values = new double[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadDouble();
        return values;
    }

    private static void Expect(BinaryReader r, byte version, string what)
    {
        byte v = r.ReadByte();
        if (v != version) throw new InvalidDataException($"a stored {what} has format version {v}; this ballast reads version {version}");
    }

    private static void End(BinaryReader r, string what)
    {
        if (r.BaseStream.Position != r.BaseStream.Length) throw new InvalidDataException($"a stored {what} has {r.BaseStream.Length - r.BaseStream.Position} trailing bytes");
    }
}
