using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Perps;

namespace Ballast.Simulation.Agents;

/// <summary>
/// Lenders of the perps vault (they back traders' profits beyond the Insurance Pool and earn trading fees): each
/// deposits <see cref="DepositTao"/> at setup; every <see cref="CheckEveryBlocks"/> blocks a lender adds
/// <see cref="StepTao"/> while the vault's utilisation (open interest over lenders' assets) is above
/// <see cref="AddAboveUtilisation"/> (its TAO earns on more open interest, and more backing is needed) and withdraws it
/// while utilisation is below <see cref="WithdrawBelowUtilisation"/>, as far as its balance, its shares and the vault's
/// minimum cover of open interest allow.
/// </summary>
public sealed record PerpsLiquidityProviderSpec(string Name, int Count, Amount FundsEach, int Line,
    Amount DepositTao, Amount StepTao, double AddAboveUtilisation, double WithdrawBelowUtilisation, long CheckEveryBlocks)
    : AgentSpec(Name, Count, FundsEach, Line)
{
    public override string Kind => "perpsLp";

    public override void Setup(int index, DeterministicRandom random, List<Envelope> transactions)
    {
        if (!DepositTao.IsZero) transactions.Add(new DepositPerpLiquidity(DepositTao).From(Account(index)));
    }

    public override IAgent Create(int index, DeterministicRandom random) => new Lender(this, Account(index), index);

    /// <summary>Open interest (TAO) over the lenders' assets; 0 with no assets.</summary>
    public static double Utilisation(PerpVaultView vault) =>
        vault.LenderAssets.IsZero ? 0 : vault.OpenInterestTao.ToDouble() / ((double)vault.LenderAssets.Units / Amount.UnitsPerToken);

    private sealed class Lender(PerpsLiquidityProviderSpec spec, string account, int index) : IAgent
    {
        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if (spec.StepTao.IsZero || (context.Block + index) % spec.CheckEveryBlocks != 0) return;
            var view = context.View;
            var vault = view.Query<PerpVaultQuery, PerpVaultView>(new PerpVaultQuery());
            double utilisation = Utilisation(vault);
            if (utilisation > spec.AddAboveUtilisation)
            {
                var ledger = view.Ledger;
                if (ledger.TryGetAccount(account, out var id) && ledger.BalanceOf(id, view.Tao) >= spec.StepTao)
                    transactions.Add(new DepositPerpLiquidity(spec.StepTao).From(account));
            }
            else if (utilisation < spec.WithdrawBelowUtilisation)
            {
                var me = view.Query<PerpLenderQuery, PerpLenderView>(new PerpLenderQuery(account));
                // The vault refuses a withdrawal that leaves lenders' assets below its minimum cover of open interest.
                if (me.Value < spec.StepTao || vault.LenderAssets < vault.MinLenderAssets + spec.StepTao) return;
                transactions.Add(new WithdrawPerpLiquidity(spec.StepTao).From(account));
            }
        }

        // Acts only on its check blocks.
        public long NextActBlock(long block)
        {
            if (spec.StepTao.IsZero) return long.MaxValue;
            long next = block + 1, c = spec.CheckEveryBlocks;
            long offset = ((-(next + index)) % c + c) % c;
            return next + offset;
        }
    }
}
