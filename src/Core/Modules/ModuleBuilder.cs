using Ballast.Core.Blocks;
using Ballast.Core.Governance;

namespace Ballast.Core.Modules;

/// <summary>
/// What a module declares when it is configured: its state, transactions, queries, events, block hook, keepers,
/// parameters, and the ports it provides to other modules and requires from them. The engine checks the whole
/// declaration when it is built (every required port provided, no name twice, hooks ordered by the port graph).
/// </summary>
public sealed class ModuleBuilder
{
    internal readonly List<ModuleState> States = [];
    internal readonly Dictionary<Type, Func<EngineContext, ITransaction, TxResult>> Handlers = [];
    internal readonly List<Action<EngineContext>> BlockHooks = [];
    internal readonly List<IParameterSet> ParameterSets = [];
    internal readonly Dictionary<string, IKeeper> Keepers = [];
    internal readonly List<(string Name, Type Type)> Transactions = [];
    internal readonly List<QueryInfo> Queries = [];
    internal readonly List<EventInfo> Events = [];
    internal readonly List<(Type Port, object Implementation)> Provided = [];
    internal readonly List<PortRequirement> Required = [];
    internal readonly string ModuleName;

    internal ModuleBuilder(string moduleName) => ModuleName = moduleName;

    /// <summary>Adds the module's state; its handlers and queries reach it through <see cref="EngineView.State{T}"/>.</summary>
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
        Transactions.Add(($"{ModuleName}.{name}", typeof(TTx)));
        Handlers.Add(typeof(TTx), (ctx, tx) => handler(ctx, (TTx)tx));
        return this;
    }

    /// <summary>A read-only query, <c>{module}.{name}</c>: typed input record in, typed result record out, run on a read-only view.</summary>
    public ModuleBuilder Query<TQuery, TResult>(string name, Func<EngineView, TQuery, TResult> query) where TQuery : IQuery<TResult>
    {
        Queries.Add(new QueryInfo($"{ModuleName}.{name}", ModuleName, typeof(TQuery), typeof(TResult), (view, q) => query(view, (TQuery)q)));
        return this;
    }

    /// <summary>An event the module emits, with its stable name <c>{module}.{name}</c> (outputs never use CLR names).</summary>
    public ModuleBuilder Event<TEvent>(string name) where TEvent : IEvent
    {
        Events.Add(new EventInfo($"{ModuleName}.{name}", ModuleName, typeof(TEvent)));
        return this;
    }

    /// <summary>Runs after the block's transactions; modules' hooks run in the order the port graph gives (see <see cref="HookOrder"/>).</summary>
    public ModuleBuilder OnBlockEnd(Action<EngineContext> hook)
    {
        BlockHooks.Add(hook);
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

    /// <summary>Offers <paramref name="implementation"/> to other modules as <typeparamref name="TPort"/> (an interface).</summary>
    public ModuleBuilder Provide<TPort>(TPort implementation) where TPort : class
    {
        if (!typeof(TPort).IsInterface) throw new InvalidOperationException($"a port is an interface; {typeof(TPort).Name} is not");
        Provided.Add((typeof(TPort), implementation));
        return this;
    }

    /// <summary>Needs <typeparamref name="TPort"/> from another module; <paramref name="order"/> places this module's hook against the provider's.</summary>
    public ModuleBuilder Require<TPort>(HookOrder order = HookOrder.AfterProvider) where TPort : class
    {
        Required.Add(new PortRequirement(typeof(TPort), ModuleName, order));
        return this;
    }
}
