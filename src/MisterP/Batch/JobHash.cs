using System.Security.Cryptography;
using System.Text;

namespace MisterP.Batch;

/// <summary>
/// A job's content hash: SHA-256 over the library version, the manifest entry's canonical JSON and the bytes of every
/// input file. Equal hashes mean a re-run would produce the same outputs, so the job is skipped.
/// </summary>
public static class JobHash
{
    public static string Of(BatchJob job)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"misterp {LibraryInfo.Version}\n{job.Entry.CanonicalJson()}\n"));
        foreach (var file in job.InputFiles.Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(file);
            hash.AppendData(SHA256.HashData(stream));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
