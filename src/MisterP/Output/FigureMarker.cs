using System.Buffers.Binary;
using System.Text;

namespace MisterP.Output;

/// <summary>
/// Marks figures MisterP writes, so a later run may replace them and nothing else: SVG gets an XML comment, PNG a
/// <c>tEXt</c> chunk <c>Software = MisterP</c> right after IHDR (PNG spec §11.3.4.3; readers ignore it).
/// </summary>
public static class FigureMarker
{
    public const string SvgComment = "<!-- generator: MisterP -->";

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly byte[] TextChunkData = Encoding.Latin1.GetBytes("Software\0MisterP");

    /// <summary>End of the IHDR chunk: signature (8) + length (4) + type (4) + 13 data bytes + CRC (4).</summary>
    private const int AfterHeader = 33;

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    /// <summary>The SVG text with the marker comment after its XML declaration.</summary>
    public static string MarkSvg(string svg)
    {
        var declaration = svg.StartsWith("<?xml", StringComparison.Ordinal) ? svg.IndexOf("?>", StringComparison.Ordinal) : -1;
        var at = declaration < 0 ? 0 : declaration + 2;
        return svg[..at] + (at > 0 ? "\n" : string.Empty) + SvgComment + (at > 0 ? string.Empty : "\n") + svg[at..];
    }

    /// <summary>The PNG bytes with the marker chunk inserted after IHDR.</summary>
    public static byte[] MarkPng(byte[] png)
    {
        if (png.Length < AfterHeader || !png.AsSpan(0, 8).SequenceEqual(PngSignature))
        {
            throw new ArgumentException("Not a PNG image.", nameof(png));
        }

        var chunk = new byte[12 + TextChunkData.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, TextChunkData.Length);
        Encoding.ASCII.GetBytes("tEXt").CopyTo(chunk, 4);
        TextChunkData.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + TextChunkData.Length), Crc(chunk.AsSpan(4, 4 + TextChunkData.Length)));
        return [.. png.AsSpan(0, AfterHeader), .. chunk, .. png.AsSpan(AfterHeader)];
    }

    /// <summary>True when the file is an SVG or PNG carrying the marker.</summary>
    public static bool IsMarked(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[4096];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var bytes = head.AsSpan(0, read);
        if (bytes.StartsWith(PngSignature))
        {
            var expected = 12 + TextChunkData.Length;
            return read >= AfterHeader + expected &&
                   bytes.Slice(AfterHeader + 4, 4).SequenceEqual("tEXt"u8) &&
                   bytes.Slice(AfterHeader + 8, TextChunkData.Length).SequenceEqual(TextChunkData);
        }

        return Encoding.UTF8.GetString(bytes).Contains(SvgComment, StringComparison.Ordinal);
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return c ^ 0xFFFFFFFFu;
    }
}
