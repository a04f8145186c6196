using System.Security.Cryptography;
using System.Text.Json;
using MisterP.Data;
using MisterP.Design;

namespace MisterP.Workflow;

/// <summary>
/// The data files of a fit folder besides model.json, and their SHA-256 checksums (recorded in model.json and
/// verified on read, so a damaged or edited file is noticed instead of read as valid draws or cells).
/// </summary>
public static class FitFiles
{
    public const string DrawsCsv = "draws.csv";
    public const string DrawsBin = "draws.bin";
    public const string Cells = "cells.parquet";
    public const string RowCells = "row_cells.parquet";

    private static readonly string[] Checked = [DrawsCsv, DrawsBin, Cells, RowCells];

    /// <summary>Writes the fit's cells (and the row → cell index when known) into <paramref name="folder"/>.</summary>
    internal static StoredCells WriteCells(string folder, DesignResult design, int[]? rowCells)
    {
        var cells = StoredCells.Of(design);
        ParquetTable.Write(Path.Combine(folder, Cells), cells.Table);
        if (rowCells is not null)
        {
            ParquetTable.Write(Path.Combine(folder, RowCells), new DataTable([new NumericColumn("cell", rowCells.Select(c => (double)c).ToArray())]));
        }

        return cells;
    }

    /// <summary>SHA-256 (lower-case hex) of each checked file present in <paramref name="folder"/>.</summary>
    internal static IReadOnlyDictionary<string, string> Checksums(string folder) =>
        Checked.Where(name => File.Exists(Path.Combine(folder, name)))
            .ToDictionary(name => name, name => Sha256(Path.Combine(folder, name)), StringComparer.Ordinal);

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Whether <paramref name="name"/> in the fit folder is present and matches the checksum model.json records.</summary>
    public static FileState Verify(string directory, JsonElement model, string name)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            return FileState.Missing;
        }

        if (!model.TryGetProperty("checksums", out var sums) || sums.ValueKind != JsonValueKind.Object ||
            !sums.TryGetProperty(name, out var recorded) || recorded.ValueKind != JsonValueKind.String)
        {
            return FileState.NotRecorded;
        }

        return string.Equals(recorded.GetString(), Sha256(path), StringComparison.OrdinalIgnoreCase) ? FileState.Intact : FileState.Corrupt;
    }
}

/// <summary>A fit-folder file checked against model.json's checksums.</summary>
public enum FileState
{
    /// <summary>Present and matching its recorded checksum.</summary>
    Intact,

    /// <summary>Present, but model.json records no checksum for it (a folder written before checksums).</summary>
    NotRecorded,

    /// <summary>Present and different from what was written.</summary>
    Corrupt,

    /// <summary>Absent.</summary>
    Missing,
}

/// <summary>What model.json records about the files written beside it.</summary>
internal sealed record FitFileRecord(StoredCells Cells, IReadOnlyDictionary<string, string> Checksums);
