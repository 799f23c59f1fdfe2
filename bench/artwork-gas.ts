// Artwork-certificate gas benchmark: Folio's ArtworkCertificate against OpenZeppelin v5's plain ERC721, same compiler
// settings, same Hardhat run, every figure the gasUsed of a mined transaction's receipt (21,000 base and calldata
// included). Prints a table and writes bench/results/artwork-gas.json as { "<case>": { "folio": n, "oz": n | null } }
// (keys as in gas.json). attestGas is one EIP-712-signed attestation by an EOA submitted by someone else,
// attestGasErc1271 the same from an ERC-1271 wallet, attestSentGas one sent by the attester itself.
//   npm run bench:artwork-gas
import fs from "node:fs";
import path from "node:path";
import { ethers, network } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { createPublicClient, createWalletClient, custom, type Address, type PublicClient } from "viem";
import { deployPlatform } from "../scripts/lib/deploy-platform";
import { ARTWORK_COLLECTIONS } from "../scripts/lib/deploy-artwork";
import { ATTESTATION_DOMAIN_NAME, ATTESTATION_DOMAIN_VERSION, ATTESTATION_TYPES } from "../lib/artwork/attestation";

type Case = { folio: number; oz: number | null };

/** The targets: a ratio to OpenZeppelin's figure, or an absolute gas ceiling. */
const TARGETS: Record<string, { ratio?: number; max?: number }> = {
  mintGas: { ratio: 1.5 },
  transferGas: { ratio: 1.15 },
  transferGasVerifiedOwners: { ratio: 1.5 },
  attestGas: { max: 60_000 },
  provenanceGas: { max: 35_000 },
};

async function gas(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (!receipt || receipt.status !== 1) throw new Error("benchmark transaction failed");
  return Number(receipt.gasUsed);
}

const work = (name: string) => ethers.sha256(ethers.toUtf8Bytes(JSON.stringify({ name, bench: true })));

async function main() {
  if (network.name !== "hardhat") throw new Error("Run the benchmark on the in-process hardhat network");
  const [owner, house, alice, bob, carol, dave, artist, specialist, relayer] = await ethers.getSigners();
  const results: Record<string, Case> = {};

  // --- platform as scripts/lib/deploy-platform.ts deploys it ---
  const transport = custom(network.provider);
  const { contracts } = await deployPlatform({
    publicClient: createPublicClient({ transport }) as PublicClient,
    walletClient: createWalletClient({ account: owner!.address as Address, transport }),
    local: false,
    kycAgent: owner!.address as Address,
  });
  const registry = await ethers.getContractAt("IdentityRegistry", contracts.IdentityRegistry!.address);
  const open = await ethers.getContractAt("ArtworkCertificate", contracts[ARTWORK_COLLECTIONS.open]!.address);
  const verified = await ethers.getContractAt("ArtworkCertificate", contracts[ARTWORK_COLLECTIONS.verifiedOwners]!.address);
  const kyc = (await ethers.provider.getBlock("latest"))!.timestamp + 365 * 24 * 3600;
  for (const [i, who] of [alice, bob, carol, dave].entries()) {
    await registry.registerInvestor(ethers.id(`bench-artwork:${i}`), who!.address, 250, kyc, 1);
  }
  for (const c of [open, verified]) await c.authorizeIssuer(house!.address);
  const oz = await (await ethers.getContractFactory("PlainERC721")).deploy();

  // --- mint: a certificate with hash, issuer, status and royalty to a new owner, vs OZ _safeMint to a new owner ---
  results.mintGas = {
    folio: await gas(open.connect(house!).mint(alice!.address, work("mint"), artist!.address, 500)),
    oz: await gas(oz.safeMint(alice!.address, 1n)),
  };
  results.mintGasVerifiedOwners = {
    folio: await gas(verified.connect(house!).mint(alice!.address, work("mint-verified"), artist!.address, 500)),
    oz: null,
  };
  // Each sender holds two, so a transfer moves one to a new owner without emptying the sender (same for both).
  await open.connect(house!).mint(alice!.address, work("second"), artist!.address, 500);
  await verified.connect(house!).mint(alice!.address, work("second-verified"), artist!.address, 500);
  await oz.safeMint(alice!.address, 2n);

  // --- transfers to a new owner ---
  results.transferGas = {
    folio: await gas(open.connect(alice!).transferFrom(alice!.address, bob!.address, BigInt(work("mint")))),
    oz: await gas(oz.connect(alice!).transferFrom(alice!.address, bob!.address, 1n)),
  };
  results.transferGasVerifiedOwners = {
    folio: await gas(verified.connect(alice!).transferFrom(alice!.address, bob!.address, BigInt(work("mint-verified")))),
    oz: results.transferGas.oz,
  };
  results.safeTransferGas = {
    folio: await gas(
      open.connect(alice!)["safeTransferFrom(address,address,uint256)"](alice!.address, carol!.address, BigInt(work("second"))),
    ),
    oz: await gas(oz.connect(alice!)["safeTransferFrom(address,address,uint256)"](alice!.address, carol!.address, 2n)),
  };

  // --- attestations: signed by an EOA and submitted by someone else (the attestGas), sent by the attester ---
  const tokenId = BigInt(work("mint"));
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: ATTESTATION_DOMAIN_NAME, version: ATTESTATION_DOMAIN_VERSION, chainId, verifyingContract: await open.getAddress() };
  const types = { Attestation: [...ATTESTATION_TYPES.Attestation] };
  const deadline = BigInt(kyc);
  const message = { tokenId, role: 2, statementHash: ethers.id("specialist opinion"), nonce: 1n, deadline };
  const signature = await specialist!.signTypedData(domain, types, message);
  results.attestGas = {
    folio: await gas(
      open.connect(relayer!).attestWithSignature(tokenId, 2, message.statementHash, 1n, deadline, specialist!.address, signature),
    ),
    oz: null,
  };
  const wallet = await (await ethers.getContractFactory("ERC1271WalletMock")).deploy(specialist!.address);
  const walletMessage = { ...message, role: 3, nonce: 2n };
  results.attestGasErc1271 = {
    folio: await gas(
      open.connect(relayer!).attestWithSignature(tokenId, 3, message.statementHash, 2n, deadline, await wallet.getAddress(),
        await specialist!.signTypedData(domain, types, walletMessage)),
    ),
    oz: null,
  };
  results.attestSentGas = {
    folio: await gas(open.connect(artist!).attest(tokenId, 1, ethers.id("artist statement"), 1n)),
    oz: null,
  };

  // --- provenance: one entry (events only), and a sale with price, currency and lot ---
  results.provenanceGas = {
    folio: await gas(open.connect(house!).recordProvenance(tokenId, 3, 20260315, ethers.id("exhibition catalogue"))),
    oz: null,
  };
  results.saleGas = {
    folio: await gas(
      open.connect(house!).recordSale(tokenId, 20261120, 1_250_000_00n, ethers.toUtf8Bytes("EUR"), ethers.encodeBytes32String("12A").slice(0, 34), ethers.id("sale invoice")),
    ),
    oz: null,
  };

  // --- report ---
  const dir = path.join(__dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "artwork-gas.json"), JSON.stringify(results, null, 2) + "\n");
  const rows = Object.entries(results).map(([name, { folio, oz: base }]) => {
    const target = TARGETS[name];
    const ratio = base === null ? null : folio / base;
    const met = !target ? "" : target.ratio !== undefined ? (ratio! <= target.ratio ? "yes" : "NO") : folio <= target.max! ? "yes" : "NO";
    return {
      case: name,
      folio: folio.toLocaleString("en-US"),
      "oz ERC721": base === null ? "n/a" : base.toLocaleString("en-US"),
      ratio: ratio === null ? "" : `${ratio.toFixed(2)}x`,
      target: !target ? "" : target.ratio !== undefined ? `<= ${target.ratio}x` : `<= ${target.max!.toLocaleString("en-US")}`,
      met,
    };
  });
  console.table(rows);
  console.log(`wrote ${path.join(dir, "artwork-gas.json")}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
