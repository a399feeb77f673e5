using Ballast.Core.Blocks;
using Ballast.Core.Governance;

namespace Ballast.Core.Modules;

/// <summary>What a module registers with the engine when it is configured.</summary>
public sealed class ModuleBuilder
{
    internal readonly List<ModuleState> States = [];
    internal readonly Dictionary<Type, Func<EngineContext, ITransaction, TxResult>> Handlers = [];
    internal readonly List<(string Module, Action<EngineContext> Hook)> BlockHooks = [];
    internal readonly List<IParameterSet> ParameterSets = [];
    internal readonly Dictionary<string, IKeeper> Keepers = [];
    internal readonly TransactionCatalog Catalog;
    internal string ModuleName = "";

    internal ModuleBuilder(TransactionCatalog catalog) => Catalog = catalog;

    /// <summary>Adds the module's state; handlers reach it through <see cref="EngineContext.State{T}"/>.</summary>
    public ModuleBuilder AddState<TState>(TState initial) where TState : ModuleState
    {
        if (States.Any(s => s.GetType() == typeof(TState)))
            throw new InvalidOperationException($"state {typeof(TState).Name} registered twice");
        States.Add(initial);
        return this;
    }

    /// <summary>Handles transactions of type <typeparamref name="TTx"/>, written <c>{module}.{name}</c> in scripts.</summary>
    public ModuleBuilder Handle<TTx>(string name, Func<EngineContext, TTx, TxResult> handler) where TTx : class, ITransaction
    {
        Catalog.Add($"{ModuleName}.{name}", typeof(TTx));
        Handlers.Add(typeof(TTx), (ctx, tx) => handler(ctx, (TTx)tx));
        return this;
    }

    /// <summary>Runs after the block's transactions, in module registration order.</summary>
    public ModuleBuilder OnBlockEnd(Action<EngineContext> hook)
    {
        BlockHooks.Add((ModuleName, hook));
        return this;
    }

    /// <summary>A keeper, named <c>{module}.{name}</c> in scripts.</summary>
    public ModuleBuilder AddKeeper(string name, IKeeper keeper)
    {
        Keepers.Add($"{ModuleName}.{name}", keeper);
        return this;
    }

    /// <summary>Governed parameters of the module: changed only by <c>governance.setParameter</c>.</summary>
    public ModuleBuilder AddParameters<TParams>(ParameterSet<TParams> parameters) where TParams : class
    {
        ParameterSets.Add(parameters);
        return this;
    }
}
