// Compiled by MSBuild's RoslynCodeTaskFactory (eng/TorchSharpGlibcxxFix.targets) and, with
// CARBONATTRS_GLIBCXX_FIX_TESTS defined, by tests/CarbonAttrs.TorchSharp.Tests. Plain C# 7 with no
// dependency beyond the BCL: the task factory compiles it on whatever machine builds the project.
//
// Why: TorchSharp 0.107.0's libLibTorchSharp.so was linked with GCC 13 and declares that it needs
// GLIBCXX_3.4.32 from libstdc++.so.6. The only symbol bound to that version is
// std::ios_base_library_init(), a GCC 13 static-initialisation helper nothing in the library calls,
// but the dynamic loader refuses the whole library when the version is missing (Debian 12 ships GCC 12's
// libstdc++, which stops at GLIBCXX_3.4.30). Marking that one version requirement weak (VER_FLG_WEAK in
// .gnu.version_r) lets glibc load the library; a call to a symbol of that version would still fail,
// which is why the fix refuses to act when any other symbol is bound to it.
#nullable disable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

#if !CARBONATTRS_GLIBCXX_FIX_TESTS
/// <summary>MSBuild task: weakens GLIBCXX_3.4.32 in the given copies of libLibTorchSharp.so when the system lacks it.</summary>
public sealed class WeakenMissingGlibcxxVersion : Microsoft.Build.Utilities.Task
{
    /// <summary>Build-output copies to fix (never the NuGet cache).</summary>
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Files { get; set; }

    /// <summary>Optional libstdc++ to judge by; default: the first one the system's usual paths hold.</summary>
    public string SystemLibStdCxx { get; set; }

    public override bool Execute()
    {
        var library = string.IsNullOrEmpty(SystemLibStdCxx) ? GlibcxxFix.FindSystemLibStdCxx() : SystemLibStdCxx;
        foreach (var item in Files)
        {
            var outcome = GlibcxxFix.FixIfNeeded(item.ItemSpec, library);
            if (outcome.Kind == GlibcxxFixKind.Refused)
                Log.LogWarning("CarbonAttrs: " + outcome.Message);
            else
                Log.LogMessage(outcome.Kind == GlibcxxFixKind.Patched ? Microsoft.Build.Framework.MessageImportance.Normal : Microsoft.Build.Framework.MessageImportance.Low,
                    "CarbonAttrs: " + outcome.Message);
        }
        return !Log.HasLoggedErrors;
    }
}
#endif

/// <summary>What <see cref="GlibcxxFix.FixIfNeeded"/> did.</summary>
public enum GlibcxxFixKind
{
    /// <summary>The system provides the version (or is not glibc Linux, or the file does not need it): nothing to do.</summary>
    NotNeeded,
    /// <summary>The requirement was already weak.</summary>
    AlreadyWeak,
    /// <summary>The requirement was made weak.</summary>
    Patched,
    /// <summary>Needed but unsafe or impossible (a symbol that is really called is bound to the version, or the file is not ELF64).</summary>
    Refused,
}

/// <summary>The outcome of one file.</summary>
public sealed class GlibcxxFixOutcome
{
    public GlibcxxFixOutcome(GlibcxxFixKind kind, string message) { Kind = kind; Message = message; }
    public GlibcxxFixKind Kind { get; private set; }
    public string Message { get; private set; }
}

/// <summary>The decision (does this system need the fix?) and the patch (on a build-output copy).</summary>
public static class GlibcxxFix
{
    public const string MissingVersion = "GLIBCXX_3.4.32";

    /// <summary>Symbols that may be bound to <see cref="MissingVersion"/>: never called by TorchSharp.</summary>
    public static readonly string[] HarmlessSymbols = { "_ZSt21ios_base_library_initv" };

    private static readonly string[] LibraryFolders =
    {
        "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
        "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu",
    };

    /// <summary>The libstdc++.so.6 the loader would most likely use (LD_LIBRARY_PATH first), or null when there is none.</summary>
    public static string FindSystemLibStdCxx()
    {
        var folders = new List<string>();
        var ldLibraryPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        if (!string.IsNullOrEmpty(ldLibraryPath))
            folders.AddRange(ldLibraryPath.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries));
        folders.AddRange(LibraryFolders);
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, "libstdc++.so.6");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>True when <paramref name="libStdCxx"/> defines <paramref name="version"/> (read from its .gnu.version_d).</summary>
    public static bool Provides(string libStdCxx, string version)
        => ElfVersions.ReadDefinitions(File.ReadAllBytes(libStdCxx)).Contains(version);

    /// <summary>
    /// Weakens <see cref="MissingVersion"/> in <paramref name="path"/> only when the library needs it,
    /// <paramref name="systemLibStdCxx"/> lacks it and no symbol that matters is bound to it. The file is
    /// rewritten through a temporary file and a rename, so a hard link to the NuGet cache is never written through.
    /// </summary>
    public static GlibcxxFixOutcome FixIfNeeded(string path, string systemLibStdCxx)
    {
        if (string.IsNullOrEmpty(systemLibStdCxx) || !File.Exists(systemLibStdCxx))
            return new GlibcxxFixOutcome(GlibcxxFixKind.NotNeeded, "no system libstdc++.so.6 found (not glibc Linux); " + path + " left as it is.");
        bool provided;
        try { provided = Provides(systemLibStdCxx, MissingVersion); }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is FormatException)
        {
            return new GlibcxxFixOutcome(GlibcxxFixKind.NotNeeded, systemLibStdCxx + " could not be read (" + ex.Message + "); " + path + " left as it is.");
        }
        if (provided)
            return new GlibcxxFixOutcome(GlibcxxFixKind.NotNeeded, systemLibStdCxx + " provides " + MissingVersion + "; " + path + " left as it is.");

        byte[] image;
        try { image = File.ReadAllBytes(path); }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            return new GlibcxxFixOutcome(GlibcxxFixKind.Refused, path + " could not be read (" + ex.Message + ").");
        }

        VersionNeed need;
        try { need = ElfVersions.ReadNeeds(image).Find(n => n.Name == MissingVersion); }
        catch (FormatException ex)
        {
            return new GlibcxxFixOutcome(GlibcxxFixKind.Refused, path + " is not an ELF64 little-endian library (" + ex.Message + ").");
        }
        if (need == null)
            return new GlibcxxFixOutcome(GlibcxxFixKind.NotNeeded, path + " does not need " + MissingVersion + ".");
        if ((need.Flags & ElfVersions.VerFlagWeak) != 0)
            return new GlibcxxFixOutcome(GlibcxxFixKind.AlreadyWeak, path + ": " + MissingVersion + " is already weak.");

        var bound = ElfVersions.UndefinedSymbolsBoundTo(image, need.Index);
        var harmful = bound.FindAll(s => Array.IndexOf(HarmlessSymbols, s) < 0);
        if (harmful.Count > 0)
            return new GlibcxxFixOutcome(GlibcxxFixKind.Refused,
                path + " needs " + MissingVersion + " for " + string.Join(", ", harmful) + ", which " + systemLibStdCxx +
                " lacks; it is not patched. Install a libstdc++ from GCC 13 or newer.");

        ElfVersions.SetFlags(image, need, (ushort)(need.Flags | ElfVersions.VerFlagWeak));
        var temporary = path + ".carbonattrs-tmp";
        var lastWrite = File.GetLastWriteTimeUtc(path);
        File.WriteAllBytes(temporary, image);
        // Keep the copied timestamp so MSBuild's incremental copy does not copy the original again.
        File.SetLastWriteTimeUtc(temporary, lastWrite);
        File.Delete(path);
        File.Move(temporary, path);
        return new GlibcxxFixOutcome(GlibcxxFixKind.Patched,
            path + ": " + MissingVersion + " marked weak (" + systemLibStdCxx + " lacks it; only " + string.Join(", ", bound) + " is bound to it).");
    }
}

/// <summary>One version requirement (an Elf64_Vernaux entry of .gnu.version_r).</summary>
public sealed class VersionNeed
{
    public VersionNeed(string file, string name, ushort flags, ushort index, int flagsOffset)
    {
        File = file; Name = name; Flags = flags; Index = index; FlagsOffset = flagsOffset;
    }
    /// <summary>The library the version is needed from (vn_file).</summary>
    public string File { get; private set; }
    /// <summary>The version name (vna_name).</summary>
    public string Name { get; private set; }
    /// <summary>vna_flags (VER_FLG_WEAK = 2).</summary>
    public ushort Flags { get; private set; }
    /// <summary>vna_other: the index .gnu.version uses for symbols bound to this version.</summary>
    public ushort Index { get; private set; }
    /// <summary>File offset of vna_flags.</summary>
    public int FlagsOffset { get; private set; }
}

/// <summary>Minimal ELF64 little-endian reader for symbol versioning (section headers only).</summary>
public static class ElfVersions
{
    public const ushort VerFlagWeak = 0x2;
    private const uint ShtDynsym = 11, ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;

    private struct Section { public uint Type; public long Offset; public long Size; public uint Link; public uint Info; public long EntrySize; }

    /// <summary>Names of the versions the library defines (.gnu.version_d).</summary>
    public static List<string> ReadDefinitions(byte[] elf)
    {
        var names = new List<string>();
        var sections = ReadSections(elf);
        foreach (var s in sections)
        {
            if (s.Type != ShtGnuVerdef) continue;
            var strings = sections[(int)s.Link];
            long at = s.Offset;
            for (var i = 0; i < s.Info; i++)
            {
                var aux = U32(elf, at + 12);
                names.Add(CString(elf, strings.Offset + U32(elf, at + aux)));
                var next = U32(elf, at + 16);
                if (next == 0) break;
                at += next;
            }
        }
        return names;
    }

    /// <summary>Every version requirement (.gnu.version_r), with where its flags live.</summary>
    public static List<VersionNeed> ReadNeeds(byte[] elf)
    {
        var needs = new List<VersionNeed>();
        var sections = ReadSections(elf);
        foreach (var s in sections)
        {
            if (s.Type != ShtGnuVerneed) continue;
            var strings = sections[(int)s.Link];
            long at = s.Offset;
            for (var i = 0; i < s.Info; i++)
            {
                var count = U16(elf, at + 2);
                var file = CString(elf, strings.Offset + U32(elf, at + 4));
                long aux = at + U32(elf, at + 8);
                for (var j = 0; j < count; j++)
                {
                    needs.Add(new VersionNeed(file, CString(elf, strings.Offset + U32(elf, aux + 8)),
                        U16(elf, aux + 4), U16(elf, aux + 6), checked((int)(aux + 4))));
                    var nextAux = U32(elf, aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var next = U32(elf, at + 12);
                if (next == 0) break;
                at += next;
            }
        }
        return needs;
    }

    /// <summary>Names of the undefined dynamic symbols whose .gnu.version entry is <paramref name="versionIndex"/>.</summary>
    public static List<string> UndefinedSymbolsBoundTo(byte[] elf, ushort versionIndex)
    {
        var result = new List<string>();
        var sections = ReadSections(elf);
        Section? dynsym = null, versym = null;
        foreach (var s in sections)
        {
            if (s.Type == ShtDynsym) dynsym = s;
            else if (s.Type == ShtGnuVersym) versym = s;
        }
        if (dynsym == null || versym == null)
            return result;
        var strings = sections[(int)dynsym.Value.Link];
        var count = dynsym.Value.Size / 24;
        for (long i = 0; i < count; i++)
        {
            var symbol = dynsym.Value.Offset + i * 24;
            var version = U16(elf, versym.Value.Offset + i * 2) & 0x7fff;
            if (version == versionIndex && U16(elf, symbol + 6) == 0) // st_shndx == SHN_UNDEF
                result.Add(CString(elf, strings.Offset + U32(elf, symbol)));
        }
        return result;
    }

    /// <summary>Writes new vna_flags for <paramref name="need"/> into <paramref name="elf"/>.</summary>
    public static void SetFlags(byte[] elf, VersionNeed need, ushort flags)
    {
        elf[need.FlagsOffset] = (byte)(flags & 0xff);
        elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
    }

    private static Section[] ReadSections(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new FormatException("no ELF magic");
        if (elf[4] != 2 || elf[5] != 1)
            throw new FormatException("not ELF64 little-endian");
        var offset = (long)U64(elf, 0x28);
        var entrySize = U16(elf, 0x3A);
        var count = U16(elf, 0x3C);
        if (entrySize < 64 || offset <= 0 || offset + (long)entrySize * count > elf.Length)
            throw new FormatException("section headers out of range");
        var sections = new Section[count];
        for (var i = 0; i < count; i++)
        {
            var at = offset + (long)i * entrySize;
            sections[i] = new Section
            {
                Type = U32(elf, at + 4),
                Offset = (long)U64(elf, at + 24),
                Size = (long)U64(elf, at + 32),
                Link = U32(elf, at + 40),
                Info = U32(elf, at + 44),
                EntrySize = (long)U64(elf, at + 56),
            };
            if (sections[i].Type != 8 /* SHT_NOBITS */ && sections[i].Offset + sections[i].Size > elf.Length)
                throw new FormatException("section " + i + " out of range");
        }
        return sections;
    }

    private static ushort U16(byte[] b, long at) { Check(b, at, 2); return (ushort)(b[at] | b[at + 1] << 8); }
    private static uint U32(byte[] b, long at) { Check(b, at, 4); return BitConverter.ToUInt32(b, (int)at); }
    private static ulong U64(byte[] b, long at) { Check(b, at, 8); return BitConverter.ToUInt64(b, (int)at); }

    private static void Check(byte[] b, long at, int size)
    {
        if (at < 0 || at + size > b.Length)
            throw new FormatException("offset " + at + " out of range");
    }

    private static string CString(byte[] b, long at)
    {
        Check(b, at, 1);
        var end = at;
        while (end < b.Length && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)at, (int)(end - at));
    }
}
