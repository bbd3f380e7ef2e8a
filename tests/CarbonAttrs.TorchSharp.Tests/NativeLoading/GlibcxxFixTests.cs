using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace CarbonAttrs.TorchSharp.Tests.NativeLoading;

/// <summary>
/// The fix's decision and patch, run on copies: the real libLibTorchSharp.so from the NuGet cache and the
/// real system libstdc++, plus byte-edited copies of it that do or do not define GLIBCXX_3.4.32.
/// </summary>
public sealed class GlibcxxFixTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("carbonattrs-glibcxx-").FullName;

    private static string CachedLibrary => typeof(GlibcxxFixTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TorchSharpNativeInNuGetCache").Value!;

    private static string SystemLibStdCxx => GlibcxxFix.FindSystemLibStdCxx() ?? throw new InvalidOperationException("no libstdc++.so.6 on this machine");

    [Fact]
    public void ReadsTheVersionDefinitionsOfTheSystemLibStdCxx()
    {
        var bytes = File.ReadAllBytes(SystemLibStdCxx);
        var definitions = ElfVersions.ReadDefinitions(bytes);

        Assert.Contains("GLIBCXX_3.4", definitions);
        Assert.Contains("CXXABI_1.3", definitions);
        // Same answer as `strings libstdc++.so.6 | grep -x GLIBCXX_3.4.32`.
        Assert.Equal(ContainsCString(bytes, GlibcxxFix.MissingVersion), definitions.Contains(GlibcxxFix.MissingVersion));
        Assert.Equal(definitions.Contains(GlibcxxFix.MissingVersion), GlibcxxFix.Provides(SystemLibStdCxx, GlibcxxFix.MissingVersion));
    }

    [Fact]
    public void TorchSharpNeedsTheVersionOnlyForIosBaseLibraryInit()
    {
        var bytes = File.ReadAllBytes(CachedLibrary);
        var need = Assert.Single(ElfVersions.ReadNeeds(bytes), n => n.Name == GlibcxxFix.MissingVersion);

        Assert.Equal("libstdc++.so.6", need.File);
        Assert.Equal(0, need.Flags & ElfVersions.VerFlagWeak);
        Assert.Equal(new[] { "_ZSt21ios_base_library_initv" }, ElfVersions.UndefinedSymbolsBoundTo(bytes, need.Index));
    }

    [Fact]
    public void PatchesACopyWhenTheSystemLacksTheVersion_TouchingOnlyTheFlags()
    {
        var cacheHash = Hash(CachedLibrary);
        var copy = CopyOfCachedLibrary();
        var before = File.ReadAllBytes(copy);

        var outcome = GlibcxxFix.FixIfNeeded(copy, LibStdCxxWithout());

        Assert.Equal(GlibcxxFixKind.Patched, outcome.Kind);
        var after = File.ReadAllBytes(copy);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        var need = ElfVersions.ReadNeeds(after).Single(n => n.Name == GlibcxxFix.MissingVersion);
        Assert.Equal(ElfVersions.VerFlagWeak, need.Flags);
        Assert.Equal(new[] { need.FlagsOffset }, changed); // one byte of vna_flags, nothing else
        Assert.All(ElfVersions.ReadNeeds(after).Where(n => n.Name != GlibcxxFix.MissingVersion), n => Assert.Equal(0, n.Flags));
        Assert.Equal(cacheHash, Hash(CachedLibrary));

        Assert.Equal(GlibcxxFixKind.AlreadyWeak, GlibcxxFix.FixIfNeeded(copy, LibStdCxxWithout()).Kind);
    }

    [Fact]
    public void LeavesTheLibraryAloneWhenTheSystemProvidesTheVersion()
    {
        var copy = CopyOfCachedLibrary();
        var hash = Hash(copy);

        var outcome = GlibcxxFix.FixIfNeeded(copy, LibStdCxxWith());

        Assert.Equal(GlibcxxFixKind.NotNeeded, outcome.Kind);
        Assert.Contains("provides GLIBCXX_3.4.32", outcome.Message);
        Assert.Equal(hash, Hash(copy));
    }

    [Fact]
    public void LeavesTheLibraryAloneWithoutAGlibcLibStdCxx()
    {
        var copy = CopyOfCachedLibrary();
        var hash = Hash(copy);

        Assert.Equal(GlibcxxFixKind.NotNeeded, GlibcxxFix.FixIfNeeded(copy, Path.Combine(_folder, "absent", "libstdc++.so.6")).Kind);
        Assert.Equal(hash, Hash(copy));
    }

    [Fact]
    public void RefusesWhenASymbolThatIsReallyCalledIsBoundToTheVersion()
    {
        // Rename the bound symbol (same length) so it is no longer the harmless initialiser.
        var copy = CopyOfCachedLibrary();
        var bytes = File.ReadAllBytes(copy);
        Assert.True(Replace(bytes, "_ZSt21ios_base_library_initv\0", "_ZSt21ios_base_library_initX\0"));
        File.WriteAllBytes(copy, bytes);

        var outcome = GlibcxxFix.FixIfNeeded(copy, LibStdCxxWithout());

        Assert.Equal(GlibcxxFixKind.Refused, outcome.Kind);
        Assert.Contains("_ZSt21ios_base_library_initX", outcome.Message);
        Assert.Equal(bytes, File.ReadAllBytes(copy));
    }

    [Fact]
    public void RefusesAFileThatIsNotElf64()
    {
        var path = Path.Combine(_folder, "libLibTorchSharp.so");
        File.WriteAllText(path, "not a library");
        Assert.Equal(GlibcxxFixKind.Refused, GlibcxxFix.FixIfNeeded(path, LibStdCxxWithout()).Kind);
    }

    [Fact]
    public void TheBuildPatchedTheOutputCopyExactlyWhenThisSystemNeedsIt()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var needed = !GlibcxxFix.Provides(SystemLibStdCxx, GlibcxxFix.MissingVersion);

        var outputNeed = ElfVersions.ReadNeeds(File.ReadAllBytes(output)).Single(n => n.Name == GlibcxxFix.MissingVersion);
        var cacheNeed = ElfVersions.ReadNeeds(File.ReadAllBytes(CachedLibrary)).Single(n => n.Name == GlibcxxFix.MissingVersion);

        Assert.Equal(needed, (outputNeed.Flags & ElfVersions.VerFlagWeak) != 0);
        Assert.Equal(0, cacheNeed.Flags & ElfVersions.VerFlagWeak); // the NuGet cache is never modified
    }

    private string CopyOfCachedLibrary()
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + "-libLibTorchSharp.so");
        File.Copy(CachedLibrary, path);
        return path;
    }

    /// <summary>A copy of the system libstdc++ that certainly lacks GLIBCXX_3.4.32.</summary>
    private string LibStdCxxWithout()
    {
        var bytes = File.ReadAllBytes(SystemLibStdCxx);
        Replace(bytes, GlibcxxFix.MissingVersion + "\0", "GLIBCXX_3.4.3X\0");
        var path = Path.Combine(_folder, "without", "libstdc++.so.6");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        Assert.False(GlibcxxFix.Provides(path, GlibcxxFix.MissingVersion));
        return path;
    }

    /// <summary>A copy of the system libstdc++ whose GLIBCXX_3.4.30 definition is renamed GLIBCXX_3.4.32 (unless it has it already).</summary>
    private string LibStdCxxWith()
    {
        var bytes = File.ReadAllBytes(SystemLibStdCxx);
        if (!ContainsCString(bytes, GlibcxxFix.MissingVersion))
            Assert.True(Replace(bytes, "GLIBCXX_3.4.30\0", GlibcxxFix.MissingVersion + "\0"));
        var path = Path.Combine(_folder, "with", "libstdc++.so.6");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        Assert.True(GlibcxxFix.Provides(path, GlibcxxFix.MissingVersion));
        return path;
    }

    private static bool ContainsCString(byte[] bytes, string text)
        => bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text + "\0")) >= 0;

    private static bool Replace(byte[] bytes, string from, string to)
    {
        var needle = Encoding.ASCII.GetBytes(from);
        var replacement = Encoding.ASCII.GetBytes(to);
        var found = false;
        for (var at = bytes.AsSpan().IndexOf(needle); at >= 0;)
        {
            replacement.CopyTo(bytes, at);
            found = true;
            var next = bytes.AsSpan(at + 1).IndexOf(needle);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return found;
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
