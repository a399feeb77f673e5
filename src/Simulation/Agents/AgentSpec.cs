using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Simulation.Agents;

/// <summary>
/// A population of agents as the scenario declares it: a name, how many, the TAO each account holds at genesis.
/// Accounts are <c>NAME-0</c>, <c>NAME-1</c>, … (or <c>NAME</c> for a population of one).
/// </summary>
public abstract record AgentSpec(string Name, int Count, Amount FundsEach, int Line)
{
    /// <summary>The scenario's word for the kind (<c>arbitrageur</c>, <c>marginTrader</c>, …).</summary>
    public abstract string Kind { get; }

    public string Account(int index) => Count == 1 ? Name : $"{Name}-{index}";

    /// <summary>True when the agent signs as an account the scenario's genesis already made (its name): no account is created for it.</summary>
    public virtual bool UsesExistingAccount => false;

    /// <summary>The accounts genesis makes for agent <paramref name="index"/> and the TAO each holds (one account with <see cref="FundsEach"/> unless a kind needs more).</summary>
    public virtual IEnumerable<(string Account, Amount Funds)> GenesisAccounts(int index) => [(Account(index), FundsEach)];

    /// <summary>
    /// Transactions agent <paramref name="index"/> sends in the agents' setup block, after the scenario's own setup
    /// (deposits, inventory, positions opened before the horizon), with a random source of its own.
    /// </summary>
    public virtual void Setup(int index, DeterministicRandom random, List<Envelope> transactions) { }

    /// <summary>Builds agent <paramref name="index"/> of the population with its own random source.</summary>
    public abstract IAgent Create(int index, DeterministicRandom random);
}
