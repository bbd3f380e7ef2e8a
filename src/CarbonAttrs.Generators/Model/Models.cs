namespace CarbonAttrs.Generators.Model;

// Pipeline models: plain equatable data only (strings, numbers, enums, EquatableArray). Never an
// ISymbol, SyntaxNode, Location or Compilation: those would pin old compilations in memory and make
// every step look changed.

/// <summary>The settings read from one [TrackEmissions] attribute.</summary>
internal sealed record TrackingSettings(string Name, string? Experiment, bool Summarize, bool RecordArguments, bool RecordResult);

/// <summary>
/// One parameter as written in a generated signature: <c>Name</c> escaped (<c>@class</c>), <c>RawName</c> as
/// recorded in hyperparameters, <c>Type</c> fully qualified with nullable annotations, <c>RefKind</c> the
/// declaration prefix ("", "ref ", "out ", "in ", "ref readonly "), <c>ArgumentPrefix</c> the prefix when passing it on.
/// </summary>
internal sealed record ParameterModel(string Name, string RawName, string Type, string RefKind, string ArgumentPrefix,
    bool IsParams, bool IsScoped, bool IsRecorded, TorchArgumentKind TorchArgument = TorchArgumentKind.None);

/// <summary>A type parameter of the interceptor or partial implementation, with its constraint clause ("" when none).</summary>
internal sealed record TypeParameterModel(string Name, string Constraints);

/// <summary>How the interceptor reaches the original method.</summary>
internal enum CallShape
{
    /// <summary>Instance method: the receiver is the interceptor's <c>this</c> parameter.</summary>
    Instance,
    /// <summary>Static (non-extension) method.</summary>
    Static,
    /// <summary>Classic extension method, called as an extension or as a static method.</summary>
    Extension,
}

/// <summary>Which awaitable a method returns (the window then lasts until it completes).</summary>
internal enum AsyncKind
{
    None,
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>
/// What the generated wrapper needs to know about one tracked method. <c>MethodKey</c> is its stable identity
/// (documentation id: one TrackedMethod per key); <c>ContainingType</c> is fully qualified and generic over the
/// interceptor's type parameters; <c>ReceiverRefKind</c> is "ref " or "in " for struct instance methods;
/// <c>UseUnsafeAccessor</c> means generated code cannot call it directly (private/protected, or a static method of a
/// static or private type); <c>AccessorTypeName</c>, when not empty, is the runtime name of the containing type that the
/// accessor gives to <c>[UnsafeAccessorType]</c> (.NET 10+: a static class or private type that C# cannot name);
/// <c>ContainingTypeParameterCount</c> says how many of <c>TypeParameters</c> belong to the containing types (the
/// accessor then lives in a generic class with those, as UnsafeAccessor requires).
/// </summary>
internal sealed record TrackedTarget(
    string MethodKey,
    string MethodName,
    string ContainingType,
    CallShape Shape,
    string ReceiverType,
    string ReceiverRefKind,
    bool IsValueTypeContainer,
    string ReturnType,
    bool ReturnsVoid,
    AsyncKind Async,
    bool RecordsResult,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<TypeParameterModel> TypeParameters,
    EquatableArray<string> MethodTypeArguments,
    bool UseUnsafeAccessor,
    TrackingSettings Settings,
    IteratorKind Iterator = IteratorKind.None,
    string AccessorTypeName = "",
    int ContainingTypeParameterCount = 0);

/// <summary>Where a call is intercepted: the compiler's opaque location plus a readable file name and line.</summary>
internal sealed record InterceptLocation(int Version, string Data, string FileName, int Line);

/// <summary>One intercepted call site.</summary>
internal sealed record CallSite(TrackedTarget Target, InterceptLocation Location, LocationInfo DiagnosticLocation);

/// <summary>
/// The result of looking at one invocation of a tracked method: a call to intercept, or why not. <c>AccessReason</c>:
/// the call is unmeasured only because generated code cannot reach a private or protected declaration; that CARB101 is
/// reported by <c>UnreachableTrackedCallAnalyzer</c> (an analyzer, so code fixes and <c>dotnet format</c> see it), not by the generator.
/// </summary>
internal sealed record CallSiteResult(CallSite? Call, DiagnosticInfo? Diagnostic, bool AccessReason = false);

/// <summary>A containing type of a partial method, as needed to reopen it (<c>partial class C&lt;T&gt;</c>).</summary>
internal sealed record ContainingTypeModel(string Keyword, string Name, string TypeParameters);

/// <summary>A partial-pattern method whose implementing part the generator writes (it wraps <c>NameCore</c>).</summary>
internal sealed record PartialMethodModel(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string Modifiers,
    string ReturnType,
    bool ReturnsVoid,
    AsyncKind Async,
    bool RecordsResult,
    string MethodName,
    string CoreName,
    bool IsExtension,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<TypeParameterModel> TypeParameters,
    TrackingSettings Settings,
    bool Unmeasured = false,
    IteratorKind Iterator = IteratorKind.None);

/// <summary>
/// One entry of the assembly's inventory of tracked methods. <c>QualifiedName</c> is <c>Type.Method</c> as the sweep
/// detection names methods (<c>ContainingType.ToDisplayString()</c>), to find the ledger name of a sweep's method.
/// </summary>
internal sealed record InventoryEntry(string Name, string FileName, int Line, bool Summarize, string QualifiedName, string? Experiment = null);

/// <summary>
/// One outermost loop that runs a tracked method per iteration (a sweep of the inventory): the method (its qualified
/// name, then its ledger name), the file (its path, then relative to the project), the loop's line,
/// the nest's size (null when unknown) and a short description (<c>foreach, 3 × 4</c>).
/// </summary>
internal sealed record SweepEntry(string Method, string File, int Line, long? Size, string Description);

/// <summary>The outermost sweeps of one member (a method body or the top-level statements); usually none.</summary>
internal sealed record MemberSweeps(EquatableArray<SweepEntry> Sweeps)
{
    public static readonly MemberSweeps None = new(EquatableArray<SweepEntry>.Empty);
}

/// <summary>What the inventory file records: tracked methods and sweeps (sweep methods already mapped to ledger names).</summary>
internal sealed record InventoryModel(EquatableArray<InventoryEntry> Methods, EquatableArray<SweepEntry> Sweeps)
{
    public bool IsEmpty => Methods.IsEmpty && Sweeps.IsEmpty;
}

/// <summary>What the generator learns from one [TrackEmissions] declaration in this compilation (Location: its name).</summary>
/// <summary>A <c>[TrackEmissions]</c> declaration: its simple name (the call-site filter) and what the generator makes of it.</summary>
internal sealed record DeclaredMethod(string Name, DeclarationResult Result);

internal sealed record DeclarationResult(LocationInfo? Location, InventoryEntry? Inventory, PartialMethodModel? Partial, DiagnosticInfo? Diagnostic);

/// <summary>
/// What the consumer's compiler allows: whether CarbonAttrs.Generated is listed in InterceptorsNamespaces,
/// and whether the language version has what generated code uses (file-local types: C# 11).
/// </summary>
internal sealed record CompilerSupport(bool InterceptorsListed, bool LanguageSupported, string LanguageVersion)
{
    public bool CanIntercept => InterceptorsListed && LanguageSupported;
}
