using System.Runtime.InteropServices;
using System.Text;
using MisterP.Posterior;

namespace MisterP.Output;

/// <summary>
/// draws.bin: a binary copy of draws.csv kept in the fit folder so that reading a fit back costs milliseconds, not a
/// parse of every number (post-stratification reads the draws on every run). draws.csv stays the file users and
/// other tools read; the copy records draws.csv's length and is used only while draws.csv has that length and is
/// not newer than the copy, so replacing or editing draws.csv makes readers fall back to it.
/// Layout (little-endian): magic, version, draws.csv length, chain count, draws per chain, names, then per chain
/// the parameter values and the sampler statistics, row-major as in <see cref="PosteriorDraws"/>.
/// </summary>
public static class DrawsBinary
{
    private const string Magic = "MRPDRAWS";
    private const int Version = 1;

    public static void Write(string path, PosteriorDraws draws, long csvLength) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8);
            writer.Write(Encoding.ASCII.GetBytes(Magic));
            writer.Write(Version);
            writer.Write(csvLength);
            writer.Write(draws.ChainCount);
            writer.Write(draws.DrawsPerChain);
            WriteNames(writer, draws.ParameterNames);
            WriteNames(writer, draws.StatisticNames);
            for (var c = 0; c < draws.ChainCount; c++)
            {
                writer.Write(MemoryMarshal.AsBytes(draws.ChainParameters(c)));
                writer.Write(MemoryMarshal.AsBytes(draws.ChainStatistics(c)));
            }
        });

    /// <summary>The draws of <paramref name="path"/> when it is a current copy of <paramref name="csvPath"/>, else null.</summary>
    public static PosteriorDraws? TryRead(string path, string csvPath)
    {
        var binary = new FileInfo(path);
        var csv = new FileInfo(csvPath);
        if (!binary.Exists || !csv.Exists || csv.LastWriteTimeUtc > binary.LastWriteTimeUtc)
        {
            return null;
        }

        return Read(path, csv.Length);
    }

    /// <summary>
    /// The draws of <paramref name="path"/> without reference to draws.csv: for a copy whose checksum (recorded in
    /// model.json) matched, when draws.csv is missing or damaged. Null when it is not a draws file.
    /// </summary>
    public static PosteriorDraws? ReadVerified(string path) => Read(path, expectedCsvLength: null);

    private static PosteriorDraws? Read(string path, long? expectedCsvLength)
    {
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        try
        {
            if (Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length)) != Magic || reader.ReadInt32() != Version)
            {
                return null;
            }

            var csvLength = reader.ReadInt64();
            if (expectedCsvLength is { } expected && csvLength != expected)
            {
                return null;
            }

            var chains = reader.ReadInt32();
            var perChain = reader.ReadInt32();
            var parameterNames = ReadNames(reader);
            var statisticNames = ReadNames(reader);
            var parameters = new List<double[]>(chains);
            var statistics = new List<double[]>(chains);
            for (var c = 0; c < chains; c++)
            {
                parameters.Add(ReadDoubles(reader, perChain * parameterNames.Count));
                statistics.Add(ReadDoubles(reader, perChain * statisticNames.Count));
            }

            return new PosteriorDraws(parameterNames, parameters, statisticNames, statistics, perChain);
        }
        catch (EndOfStreamException)
        {
            // A truncated copy is no copy: draws.csv is read instead.
            return null;
        }
    }

    private static void WriteNames(BinaryWriter writer, IReadOnlyList<string> names)
    {
        writer.Write(names.Count);
        foreach (var name in names)
        {
            writer.Write(name);
        }
    }

    private static List<string> ReadNames(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var names = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            names.Add(reader.ReadString());
        }

        return names;
    }

    private static double[] ReadDoubles(BinaryReader reader, int count)
    {
        var values = new double[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (reader.BaseStream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) != bytes.Length)
        {
            throw new EndOfStreamException();
        }

        return values;
    }
}
