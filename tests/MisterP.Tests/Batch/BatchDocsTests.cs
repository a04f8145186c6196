using System.Text.Json;
using System.Text.RegularExpressions;
using MisterP.Batch;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace MisterP.Tests.Batch;

/// <summary>The batch docs stay true: the Kubernetes recipe (not runnable here) and the manifest schema.</summary>
public sealed partial class BatchDocsTests
{
    private static string Docs(string name)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MisterP.slnx")))
        {
            folder = folder.Parent;
        }

        Assert.NotNull(folder);
        return Path.Combine(folder.FullName, "docs", name);
    }

    [Fact]
    public void The_kubernetes_recipe_is_an_indexed_job_whose_pods_take_their_shard_from_JOB_COMPLETION_INDEX()
    {
        var text = File.ReadAllText(Docs("batch-clusters.md"));
        var yaml = YamlBlock().Match(text);
        Assert.True(yaml.Success, "docs/batch-clusters.md has a ```yaml block");
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml.Groups[1].Value));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        Assert.Equal("batch/v1", Scalar(root, "apiVersion"));
        Assert.Equal("Job", Scalar(root, "kind"));
        var spec = (YamlMappingNode)root["spec"];
        Assert.Equal("Indexed", Scalar(spec, "completionMode"));
        var completions = int.Parse(Scalar(spec, "completions"), System.Globalization.CultureInfo.InvariantCulture);
        var pod = (YamlMappingNode)((YamlMappingNode)spec["template"])["spec"];
        Assert.Equal("Never", Scalar(pod, "restartPolicy"));
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children.Single();
        var args = string.Join(" ", ((YamlSequenceNode)container["args"]).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Contains("mrp batch run", args);
        Assert.Contains($"--shard \"${{JOB_COMPLETION_INDEX}}/{completions}\"", args);

        // The --out folder is on the shared volume.
        var mount = ((YamlSequenceNode)container["volumeMounts"]).Children.Cast<YamlMappingNode>().Single();
        Assert.StartsWith(Scalar(mount, "mountPath"), Regex.Match(args, "--out (\\S+)").Groups[1].Value, StringComparison.Ordinal);
        Assert.Contains("not run here", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_manifest_schema_lists_exactly_the_options_the_reader_accepts()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Docs("batch-manifest.schema.json")));
        var documented = schema.RootElement.GetProperty("$defs").GetProperty("options").GetProperty("properties")
            .EnumerateObject().Select(p => p.Name).Where(n => n != "id").Order(StringComparer.Ordinal);
        Assert.Equal(BatchOptionNames.Scalars.Concat(BatchOptionNames.Lists).Order(StringComparer.Ordinal), documented);
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
