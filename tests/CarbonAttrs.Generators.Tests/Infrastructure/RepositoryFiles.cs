namespace CarbonAttrs.Generators.Tests.Infrastructure;

/// <summary>This repository's own files, for tests that run a reader over real code.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder holding CarbonAttrs.sln, found above the test assembly.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CarbonAttrs.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("repository root (CarbonAttrs.sln) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every C# file under src, tests, samples and benchmarks (build outputs aside), in a stable order.</summary>
    public static IReadOnlyList<string> CSharpFiles()
    {
        var root = Root();
        var files = new[] { "src", "tests", "samples", "benchmarks" }
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(root, dir), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count > 200, $"only {files.Count} files found under {root}");
        return files;
    }
}
