using MisterP.Data;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Workflow;

/// <summary>Loading fits while the frame opens must not change which error the user sees first, nor leak the frame.</summary>
public class FitsAndFrameTests
{
    [Fact]
    public void AMissingFitFolderIsReportedWithoutOpeningTheFrame()
    {
        using var temp = new TempFolder();
        var opened = 0;
        var error = Assert.Throws<UserInputException>(() => FitsAndFrame.Open([Path.Combine(temp.Path, "nope")], _ =>
        {
            opened++;
            throw new UserInputException("frame");
        }));
        Assert.Contains("does not exist", error.Message);
        Assert.Equal(0, opened);
    }

    [Fact]
    public void AFitThatCannotBeLoadedIsReportedBeforeTheFramesError()
    {
        using var temp = new TempFolder();
        // model.json readable enough for its recodes, but of a format this mrp refuses: the frame opens ahead and fails too.
        temp.File("model.json", """{"format_version": 0, "data": {}}""");
        var opened = 0;
        var error = Assert.Throws<UserInputException>(() => FitsAndFrame.Open([temp.Path], _ =>
        {
            opened++;
            throw new UserInputException("frame");
        }));
        Assert.Contains("format version", error.Message);
        Assert.Equal(1, opened);
    }

    [Fact]
    public void AFrameOpenedAheadIsDisposedWhenTheFitFails()
    {
        using var temp = new TempFolder();
        temp.File("model.json", """{"format_version": 0, "data": {}}""");
        var frame = new DisposalProbe();
        Assert.Throws<UserInputException>(() => FitsAndFrame.Open([temp.Path], _ => frame));
        Assert.True(frame.Disposed);
    }

    private sealed class DisposalProbe : ITableSource
    {
        public bool Disposed { get; private set; }

        public string Description => "probe";

        public string? Spec => null;

        public IReadOnlyList<ColumnSchema> Schema => [];

        public LoadResult Load(IReadOnlyList<string> columns, IReadOnlyList<string> requiredColumns) => throw new NotSupportedException();

        public LoadResult LoadAggregated(IReadOnlyList<string> keys, IReadOnlyList<AggregateSum> sums, IReadOnlyList<string> requiredColumns) => throw new NotSupportedException();

        public long? FirstRowWhere(string sqlPredicate, IReadOnlyList<string> requiredColumns) => throw new NotSupportedException();

        public double[] EvaluatePerRow(string sqlExpression, IReadOnlyList<string> requiredColumns) => throw new NotSupportedException();

        public IEnumerable<LoadResult> ReadChunks(IReadOnlyList<string> columns, int chunkRows) => throw new NotSupportedException();

        public long CountRows(IReadOnlyList<string> requiredColumns) => throw new NotSupportedException();

        public void Dispose() => Disposed = true;
    }
}
