namespace CarbonAttrs.Generators;

/// <summary>Names of the pipeline steps, so tests can check each is cached between runs.</summary>
internal static class TrackingNames
{
    public const string CompilerSupport = nameof(CompilerSupport);
    public const string SourceMethodNames = nameof(SourceMethodNames);
    public const string ReferencedMethodNames = nameof(ReferencedMethodNames);
    public const string TrackedMethodNames = nameof(TrackedMethodNames);
    public const string CallSites = nameof(CallSites);
    public const string InterceptedCalls = nameof(InterceptedCalls);
    public const string CallSiteDiagnostics = nameof(CallSiteDiagnostics);
    public const string MethodGroups = nameof(MethodGroups);
    public const string Declarations = nameof(Declarations);
    public const string PartialMethods = nameof(PartialMethods);
    public const string Inventory = nameof(Inventory);
    public const string InventoryFile = nameof(InventoryFile);
    public const string MemberCalls = nameof(MemberCalls);
    public const string LoopNames = nameof(LoopNames);
    public const string TrackedLoops = nameof(TrackedLoops);
    public const string ReadNames = nameof(ReadNames);
    public const string TreeIndex = nameof(TreeIndex);
    public const string TreeFacts = nameof(TreeFacts);

    /// <summary>Every tracked step the caching test walks.</summary>
    public static readonly string[] All = { CompilerSupport, SourceMethodNames, ReferencedMethodNames, TrackedMethodNames, CallSites, InterceptedCalls, CallSiteDiagnostics, MethodGroups, Declarations, PartialMethods, Inventory, InventoryFile };
}
