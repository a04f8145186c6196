using System.Security.Cryptography;
using System.Text;

namespace MisterP.Batch;

/// <summary>
/// <c>--shard I/N</c>: the jobs whose id's SHA-256 (first 8 bytes, big-endian) is I mod N. Depending only on the id,
/// a job's shard does not change when jobs are added or removed. I counts from 0, as Slurm array indices and
/// Kubernetes' JOB_COMPLETION_INDEX do.
/// </summary>
public sealed record BatchShard(int Index, int Count)
{
    public static BatchShard All { get; } = new(0, 1);

    public static BatchShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var index) && int.TryParse(parts[1], out var count) && count >= 1 && index >= 0 && index < count)
        {
            return new BatchShard(index, count);
        }

        throw new UserInputException($"--shard '{text}' must be I/N with 0 ≤ I < N, e.g. --shard 0/4 (I from 0, as $SLURM_ARRAY_TASK_ID and $JOB_COMPLETION_INDEX are).");
    }

    public bool Contains(string id)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(id));
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest);
        return (int)(value % (ulong)Count) == Index;
    }
}
