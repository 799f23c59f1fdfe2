// Settlement gas benchmark: a taker's fill of one signed order, and the operator's settlement of 1 and 10 matched
// trades, each measured in the same Hardhat run against a baseline: the same two token movements as two bare
// transferFrom calls in one transaction (MarketDirectSwapMock), once for the Folio security token against the demo
// cash token and once for two plain OpenZeppelin ERC-20s. The platform (registry, factory, Settlement) is deployed
// by scripts/lib/deploy-platform.ts; the Folio token is issued through the factory with country, investor-count and
// balance rules active; both parties already hold both tokens. Every figure is a mined receipt's gasUsed.
// Writes bench/results/settlement-gas.json and prints a table.
//   npm run bench:settlement-gas
import fs from "node:fs";
import path from "node:path";
import { ethers, network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { createPublicClient, createWalletClient, custom, type Address, type PublicClient } from "viem";
import { deployPlatform } from "../scripts/lib/deploy-platform";
import { AgentPermission, InvestorFlag } from "../scripts/lib/security-token";
import { ORDER_TYPES as SHARED_ORDER_TYPES } from "../lib/market/order";

const E18 = 10n ** 18n;
const USD = 10n ** 6n;
const FRANCE = 250;
const GERMANY = 276;
/** The signed order's EIP-712 types (lib/market/order.ts), as ethers takes them. */
const ORDER_TYPES = { Order: [...SHARED_ORDER_TYPES.Order] };

async function gas(tx: Promise<{ wait(): Promise<{ gasUsed: bigint; status: number | null } | null> }>): Promise<number> {
  const receipt = await (await tx).wait();
  if (!receipt || receipt.status !== 1) throw new Error("benchmark transaction failed");
  return Number(receipt.gasUsed);
}

async function main() {
  if (network.name !== "hardhat") throw new Error("Run the benchmark on the in-process hardhat network");
  const [owner, agent, operator, seller, buyer] = (await ethers.getSigners()) as HardhatEthersSigner[];
  const transport = custom(network.provider);
  const { contracts } = await deployPlatform({
    publicClient: createPublicClient({ transport }) as PublicClient,
    walletClient: createWalletClient({ account: owner!.address as Address, transport }),
    local: false,
    kycAgent: agent!.address as Address,
  });
  const registry = await ethers.getContractAt("IdentityRegistry", contracts.IdentityRegistry!.address);
  const factory = await ethers.getContractAt("TokenFactory", contracts.TokenFactory!.address);
  const settlement = await ethers.getContractAt("Settlement", contracts.Settlement!.address);
  const settlementAddress = await settlement.getAddress();
  await settlement.grantRole(await settlement.OPERATOR_ROLE(), operator!.address);

  const kyc = (await ethers.provider.getBlock("latest"))!.timestamp + 365 * 24 * 3600;
  await registry.connect(agent!).registerInvestor(ethers.id("bench:seller"), seller!.address, FRANCE, kyc, InvestorFlag.ACCREDITED);
  await registry.connect(agent!).registerInvestor(ethers.id("bench:buyer"), buyer!.address, GERMANY, kyc, InvestorFlag.ACCREDITED);
  await factory.issueToken({
    name: "Folio Bench Share",
    symbol: "FBS",
    decimals: 18,
    owner: owner!.address,
    identityRegistry: ethers.ZeroAddress,
    onchainID: ethers.ZeroAddress,
    rules: { countryMode: 1, countries: [FRANCE, GERMANY], accreditedOnly: false, maxInvestors: 1000, maxBalance: 1_000_000n * E18 },
    documents: [],
    agents: [{ agent: agent!.address, permissions: AgentPermission.ALL }],
  });
  const [shareAddress] = await factory.tokens();
  const share = await ethers.getContractAt("SecurityToken", shareAddress!);
  const cash = await (await ethers.getContractFactory("CashToken")).deploy(owner!.address, "Demo Dollar", "DUSD", 6);
  const plainShare = await (await ethers.getContractFactory("PlainERC20")).deploy();
  const plainCash = await (await ethers.getContractFactory("PlainERC20")).deploy();
  const swap = await (await ethers.getContractFactory("MarketDirectSwapMock")).deploy();

  // Both parties hold both tokens of each pair, and approved the Settlement and the baseline swap.
  for (const who of [seller!, buyer!]) {
    await share.connect(agent!).mint(who.address, 10_000n * E18);
    await cash.mint(who.address, 10_000_000n * USD);
    await plainShare.mint(who.address, 10_000n * E18);
    await plainCash.mint(who.address, 10_000_000n * E18);
    for (const t of [share, cash, plainShare, plainCash]) {
      await t.connect(who).approve(settlementAddress, ethers.MaxUint256);
      await t.connect(who).approve(await swap.getAddress(), ethers.MaxUint256);
    }
  }

  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: "Folio Settlement", version: "1", chainId, verifyingContract: settlementAddress };
  const expiry = BigInt(kyc);
  let nonce = 1n;
  const order = async (maker: HardhatEthersSigner, side: number, token: string, cashToken: string, amount: bigint, price: bigint) => {
    const o = { maker: maker.address, side, token, cashToken, amount, price, nonce: nonce++, expiry, taker: ethers.ZeroAddress };
    return { order: o, signature: await maker.signTypedData(domain, ORDER_TYPES, o) };
  };
  const pairs = {
    folio: { token: await share.getAddress(), cash: await cash.getAddress(), price: 25n * USD },
    plain: { token: await plainShare.getAddress(), cash: await plainCash.getAddress(), price: 25n * E18 },
  };
  // Both parties have traded before: their first nonce bitmap word already holds a bit (as after any earlier cancel or
  // whole-order fill), so whole-order fills and cancels below pay the usual 5,000 gas bit write, not a fresh word.
  await settlement.connect(seller!).cancel(0n);
  await settlement.connect(buyer!).cancel(0n);

  const results: Record<string, number> = {};
  for (const [name, p] of Object.entries(pairs)) {
    const cashFor = (amount: bigint) => (amount * p.price) / E18;
    results[`baselineTransferPair_${name}`] = await gas(
      swap.connect(buyer!).swap(p.token, p.cash, seller!.address, buyer!.address, 10n * E18, cashFor(10n * E18)),
    );
    const sell = await order(seller!, 1, p.token, p.cash, 10n * E18, p.price);
    results[`fill_${name}`] = await gas(settlement.connect(buyer!).fill([{ ...sell, amount: 10n * E18 }], 0));
    const partial = await order(seller!, 1, p.token, p.cash, 10n * E18, p.price);
    await settlement.connect(buyer!).fill([{ ...partial, amount: 4n * E18 }], 0);
    results[`fillSecondPart_${name}`] = await gas(settlement.connect(buyer!).fill([{ ...partial, amount: 6n * E18 }], 0));

    for (const n of [1, 10]) {
      const trades = [];
      for (let i = 0; i < n; i++) {
        const ask = await order(seller!, 1, p.token, p.cash, E18, p.price);
        const bid = await order(buyer!, 0, p.token, p.cash, E18, p.price);
        trades.push({ maker: ask.order, makerSignature: ask.signature, taker: bid.order, takerSignature: bid.signature, amount: E18 });
      }
      results[`settle${n}_${name}`] = await gas(settlement.connect(operator!).settle(trades));
    }
  }
  results.settlePerTrade10_folio = Math.round(results.settle10_folio! / 10);
  results.settlePerTrade10_plain = Math.round(results.settle10_plain! / 10);
  results.cancel = await gas(settlement.connect(seller!).cancel(255n));
  results.cancelFreshBitmapWord = await gas(settlement.connect(seller!).cancel(1n << 200n));
  results.cancelUpTo = await gas(settlement.connect(buyer!).cancelUpTo(2_000_000n));

  const report = {
    fillGas: results.fill_folio,
    fillGasPlainTokens: results.fill_plain,
    fillOverFolioBaseline: results.fill_folio! - results.baselineTransferPair_folio!,
    fillOverPlainBaseline: results.fill_plain! - results.baselineTransferPair_plain!,
    settleGas1Trade: results.settle1_folio,
    settleGas10Trades: results.settle10_folio,
    settleGasPerTrade: results.settlePerTrade10_folio,
    cancelGas: results.cancel,
    measured: results,
    conditions:
      "Folio token issued through TokenFactory with country allow-list, maxInvestors and maxBalance rules; cash = demo CashToken (6 decimals); " +
      "plain = two PlainERC20 (OpenZeppelin v5). Both parties already hold both tokens; fee 0. fill = first and full fill of one order " +
      "(the order's nonce bit set in the maker's already used bitmap word); fillSecondPart = completing a partly filled order; settleN = N trades of two fresh orders each; " +
      "baselineTransferPair = the same two movements as bare transferFrom calls in one transaction (MarketDirectSwapMock); " +
      "cancel = nonce in a bitmap word already used; cancelFreshBitmapWord = first nonce of its word.",
  };
  const dir = path.join(__dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "settlement-gas.json"), JSON.stringify(report, null, 2) + "\n");
  const rows = ["fill", "fillSecondPart", "settle1", "settle10"].map((c) => ({
    case: c,
    folio: results[`${c}_folio`]!.toLocaleString("en-US"),
    "plain ERC20s": results[`${c}_plain`]!.toLocaleString("en-US"),
  }));
  rows.push({
    case: "baseline: two bare transferFrom",
    folio: results.baselineTransferPair_folio!.toLocaleString("en-US"),
    "plain ERC20s": results.baselineTransferPair_plain!.toLocaleString("en-US"),
  });
  console.table(rows);
  console.log(
    `fill ${report.fillGas} (Folio baseline +${report.fillOverFolioBaseline}), plain ${report.fillGasPlainTokens} ` +
      `(+${report.fillOverPlainBaseline}); settle per trade of 10: ${report.settleGasPerTrade}; cancel ${report.cancelGas}`,
  );
  console.log(`wrote ${path.join(dir, "settlement-gas.json")}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
