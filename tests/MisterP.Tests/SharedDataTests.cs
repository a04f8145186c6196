using Xunit;

namespace MisterP.Tests;

public class SharedDataTests
{
    [Fact]
    public void SharedFolderIsFoundOrSkippedWithReason()
    {
        var path = SharedData.RequireFile("data/README.md");
        Assert.True(File.Exists(path));
    }
}
