using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Cover.Fund;
using Ballast.Cover.Model;

namespace Ballast.Cover.Handlers;

/// <summary>Configuration, the DAO treasury and fund capital, project listings, allocation sales and risk factors.</summary>
internal static class Launchpad
{
    private static readonly Fixed MaxIdoPrice = Fixed.FromInt(1_000_000_000);
    private const long MaxSaleBlocks = 365 * BlockClock.BlocksPerDay;

    public static TxResult Apply(EngineContext ctx, GenesisCoverConfig tx)
    {
        var s = ctx.State<CoverState>();
        if (s.Configured) return TxResult.Reject(CoverErrors.AlreadyConfigured, "the cover module is configured once, at genesis");
        var baseSymbol = tx.BaseToken ?? Engine.TaoSymbol;
        var platformSymbol = tx.PlatformToken ?? "ALT";
        var r = ctx.ResolveToken(baseSymbol, out _);
        if (!r.Accepted) return r;
        if (platformSymbol == baseSymbol || !IsSymbol(platformSymbol))
            return TxResult.Reject(CoverErrors.InvalidToken, $"the platform token is 1–16 letters, digits or '-', other than the base token; got '{platformSymbol}'");
        bool created = !ctx.Ledger.TryGetToken(platformSymbol, out _);
        if (created) ctx.Ledger.CreateToken(platformSymbol, 9, CoverModule.ModuleName);
        s.BaseToken = baseSymbol;
        s.PlatformToken = platformSymbol;
        s.PlatformPriceSource = tx.PlatformPriceSource ?? $"{platformSymbol}/{baseSymbol}";
        s.Configured = true;
        ctx.Emit(new CoverConfigured(s.BaseToken, s.PlatformToken, s.PlatformPriceSource, created));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, FundDao tx)
    {
        var r = CheckConfigured(ctx);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Amount, "DAO funding");
        if (!r.Accepted) return r;
        var s = ctx.State<CoverState>();
        ctx.ResolveToken(s.BaseToken, out var token);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, ctx.Ledger.GetOrCreateModuleAccount(InsuranceFund.DaoAccount), token, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, token, tx.Amount);
        ctx.Emit(new DaoFunded(ctx.Sender, tx.Amount));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, AddCapital tx)
    {
        var r = CheckConfigured(ctx);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Amount, "capital");
        if (!r.Accepted) return r;
        var s = ctx.State<CoverState>();
        if (tx.Token != s.BaseToken && tx.Token != s.PlatformToken)
            return TxResult.Reject(CoverErrors.InvalidToken, $"the fund holds {s.BaseToken} and {s.PlatformToken}; got '{tx.Token}'");
        ctx.ResolveToken(tx.Token, out var token);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, ctx.Ledger.GetOrCreateModuleAccount(InsuranceFund.FundAccount), token, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, token, tx.Amount);
        ctx.Emit(new CapitalAdded(ctx.Sender, tx.Token, tx.Amount));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, ListProject tx)
    {
        var r = CheckConfigured(ctx);
        if (!r.Accepted) return r;
        r = ctx.RequireRole(CoverRoles.Launchpad);
        if (!r.Accepted) return r;
        var s = ctx.State<CoverState>();
        var p = ctx.Params<CoverParameters>();
        if (!IsSymbol(tx.Token) || tx.Token == s.BaseToken || tx.Token == s.PlatformToken)
            return TxResult.Reject(CoverErrors.InvalidToken, $"a project token is 1–16 letters, digits or '-', not the base or platform token; got '{tx.Token}'");
        if (!tx.IdoPrice.IsPositive || tx.IdoPrice > MaxIdoPrice)
            return TxResult.Reject(CoverErrors.InvalidIdoPrice, $"an IDO price is in (0, {MaxIdoPrice}] {s.BaseToken} per token; got {tx.IdoPrice}");
        r = EngineContext.CheckAmount(tx.SaleSupply, "sale supply");
        if (!r.Accepted) return r;
        if (tx.SaleStartBlock < ctx.Height || tx.SaleEndBlock <= tx.SaleStartBlock
            || tx.SaleStartBlock - ctx.Height > MaxSaleBlocks || tx.SaleEndBlock - tx.SaleStartBlock > MaxSaleBlocks)
            return TxResult.Reject(CoverErrors.InvalidSaleWindow,
                $"a sale starts at or after the current block {ctx.Height}, within a year of it, and lasts 1 block to a year; got [{tx.SaleStartBlock}, {tx.SaleEndBlock})");
        // The whole sale's value must be an amount (so no cost or sum insured can overflow).
        if (tx.IdoPrice.MulAmount(tx.SaleSupply, Rounding.Up).Units > EngineView.MaxTransactionUnits)
            return TxResult.Reject(CoverErrors.InvalidIdoPrice, $"the sale's value (supply × IDO price) is above {EngineView.MaxTransactionUnits} units");
        if (!ctx.Prices.Exists(tx.PriceSource))
            return TxResult.Reject(CoverErrors.UnknownPriceSource, $"no price source '{tx.PriceSource}' (a feed, or a subnet pool such as subnet:5)");
        long volatilityBps = tx.VolatilityBps ?? p.DefaultVolatilityBps;
        if (volatilityBps is < 100 or > 100_000)
            return TxResult.Reject(CoverErrors.InvalidVolatility, $"an annual volatility is 100–100,000 bps (1%–1,000%); got {volatilityBps}");
        if (tx.RiskAdjustmentBps is < -5_000 or > 10_000)
            return TxResult.Reject(CoverErrors.InvalidRiskAdjustment, $"a risk factor is −5,000 to 10,000 bps of the sum insured; got {tx.RiskAdjustmentBps}");
        // The escrow: an existing token comes from the sender; a new symbol is created and minted into it.
        long id = s.NextProjectId;
        var escrow = ctx.Ledger.GetOrCreateModuleAccount($"cover:sale:{id}");
        bool created = !ctx.Ledger.TryGetToken(tx.Token, out var token);
        if (created)
        {
            token = ctx.Ledger.CreateToken(tx.Token, 9, CoverModule.ModuleName);
            ctx.Ledger.TryMint(escrow, token, tx.SaleSupply);
        }
        else if (!ctx.Ledger.TryTransfer(ctx.SenderId, escrow, token, tx.SaleSupply))
            return ctx.InsufficientBalance(ctx.Sender, token, tx.SaleSupply);
        var settlement = checked(tx.SaleEndBlock + p.CoverPeriodBlocks);
        var project = new Project
        {
            Id = id,
            Owner = ctx.Sender,
            Token = tx.Token,
            EscrowAccount = ctx.Ledger.Account(escrow).Name,
            IdoPrice = tx.IdoPrice,
            SaleSupply = tx.SaleSupply,
            SaleStartBlock = tx.SaleStartBlock,
            SaleEndBlock = tx.SaleEndBlock,
            SettlementBlock = settlement,
            WindowStartBlock = settlement - p.AveragingWindowBlocks,
            PriceSource = tx.PriceSource,
            Volatility = Fixed.Ratio(volatilityBps, 10_000, Rounding.Down),
            RiskAdjustmentBps = tx.RiskAdjustmentBps,
            Averaging = p.Averaging,
        };
        s.NextProjectId = id + 1;
        s.Projects.Add(id, project);
        s.Unsettled.Add(id, true);
        ctx.Emit(new ProjectListed(id, ctx.Sender, tx.Token, tx.IdoPrice, tx.SaleSupply, tx.SaleStartBlock, tx.SaleEndBlock, project.SettlementBlock,
            project.WindowStartBlock, tx.PriceSource, project.Volatility, tx.RiskAdjustmentBps, created));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, BuyAllocation tx)
    {
        var r = FindProject(ctx, tx.ProjectId, out var project);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Tokens, "allocation");
        if (!r.Accepted) return r;
        r = CheckSaleOpen(ctx, project);
        if (!r.Accepted) return r;
        var left = project.SaleSupply - project.Sold;
        if (tx.Tokens > left)
            return TxResult.Reject(CoverErrors.SaleSoldOut, $"project {project.Id} has {left.ToTokenString()} {project.Token} left to sell; asked {tx.Tokens.ToTokenString()}");
        var s = ctx.State<CoverState>();
        ctx.ResolveToken(s.BaseToken, out var baseToken);
        ctx.ResolveToken(project.Token, out var token);
        var cost = project.IdoPrice.MulAmount(tx.Tokens, Rounding.Up);
        ctx.ResolveAccount(project.Owner, out var owner);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, owner, baseToken, cost))
            return ctx.InsufficientBalance(ctx.Sender, baseToken, cost);
        ctx.ResolveAccount(project.EscrowAccount, out var escrow);
        ctx.Ledger.TryTransfer(escrow, ctx.SenderId, token, tx.Tokens);
        project.Sold += tx.Tokens;
        var before = project.Allocations.TryGetValue(ctx.Sender, out var a) ? a : new Allocation(Amount.Zero, Amount.Zero);
        project.Allocations[ctx.Sender] = before with { Bought = before.Bought + tx.Tokens };
        ctx.Emit(new AllocationBought(project.Id, ctx.Sender, tx.Tokens, cost));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, SetRiskAdjustment tx)
    {
        var r = ctx.RequireRole(Roles.Governor);
        if (!r.Accepted) return r;
        r = FindProject(ctx, tx.ProjectId, out var project);
        if (!r.Accepted) return r;
        if (tx.RiskAdjustmentBps is < -5_000 or > 10_000)
            return TxResult.Reject(CoverErrors.InvalidRiskAdjustment, $"a risk factor is −5,000 to 10,000 bps of the sum insured; got {tx.RiskAdjustmentBps}");
        var from = project.RiskAdjustmentBps;
        project.RiskAdjustmentBps = tx.RiskAdjustmentBps;
        ctx.Emit(new RiskAdjusted(project.Id, from, tx.RiskAdjustmentBps));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, RepayLoansFromFund tx)
    {
        var r = ctx.RequireRole(Roles.Governor);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Amount, "repayment");
        if (!r.Accepted) return r;
        if (InsuranceFund.TotalOutstanding(ctx).IsZero)
            return TxResult.Reject(CoverErrors.NoOpenLoan, "no DAO loan is open");
        var s = ctx.State<CoverState>();
        if (InsuranceFund.BalanceOf(ctx, InsuranceFund.FundAccount, s.BaseToken).IsZero)
            return TxResult.Reject(CoverErrors.NoOpenLoan, $"the fund holds no {s.BaseToken} to repay with");
        InsuranceFund.RepayFromFund(ctx, tx.Amount);
        return TxResult.Ok;
    }

    // ---------- shared checks ----------

    public static TxResult CheckConfigured(EngineView view) =>
        view.State<CoverState>().Configured
            ? TxResult.Ok
            : TxResult.Reject(CoverErrors.NotConfigured, "the cover module has no configuration: genesis must run cover.genesisConfig");

    public static TxResult FindProject(EngineView view, long id, out Project project) =>
        view.State<CoverState>().Projects.TryGetValue(id, out project!)
            ? TxResult.Ok
            : TxResult.Reject(CoverErrors.UnknownProject, $"no project {id}");

    public static TxResult CheckSaleOpen(EngineView view, Project project) =>
        view.Height >= project.SaleStartBlock && view.Height < project.SaleEndBlock
            ? TxResult.Ok
            : TxResult.Reject(CoverErrors.SaleNotOpen, $"project {project.Id}'s sale runs from block {project.SaleStartBlock} to before {project.SaleEndBlock}; this is block {view.Height}");

    private static bool IsSymbol(string? symbol) =>
        !string.IsNullOrEmpty(symbol) && symbol.Length <= 16 && symbol.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
