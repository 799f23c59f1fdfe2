/**
 * Why each target the SMTChecker did not prove is safe, keyed by `findingKey` (file | check | the line's code).
 * `npm run smtchecker` fails on any unproved target or counterexample missing here. Most are loop counters and
 * array reads the checker cannot bound because calldata lengths and external calls are abstracted; a reason that
 * names a test points to where the behaviour is shown on a real chain.
 */
const LOOP = "A loop counter bounded by a calldata array's length, which is below 2^64 (the block gas limit bounds it far lower): `++i` cannot reach 2^256.";
const INDEX = "Read at `i < length`, checked by the loop condition on the same line above; the checker abstracts calldata arrays and cannot relate the two.";

export const SMT_EXPLANATIONS: Record<string, string> = {
  // Distributor
  "contracts/distribution/Distributor.sol | overflow | roundId = ++_roundCount;":
    "One round per funding transaction: 2^256 rounds cannot be funded. Checked arithmetic would revert rather than wrap.",
  "contracts/distribution/Distributor.sol | underflow | uint256 received = cash.balanceOf(address(this)) - before;":
    "A cash token whose balance falls during its own transferFrom makes this revert (checked arithmetic), refusing the funding: the intended outcome. Shown with hostile and fee-on-transfer cash tokens in `test/contracts/distribution/`.",
  "contracts/distribution/Distributor.sol | overflow | for (uint256 i = 0; i < requests.length; ++i) {": LOOP,
  "contracts/distribution/Distributor.sol | outOfBounds | if (_pushOne(roundId, r, requests[i])) ++paid;": INDEX,
  "contracts/distribution/Distributor.sol | overflow | if (_pushOne(roundId, r, requests[i])) ++paid;":
    "`paid` counts at most one per request, so it never exceeds `requests.length`.",
  "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol | overflow | for (uint256 i = 0; i < proof.length; i++) {": LOOP,
  "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol | outOfBounds | computedHash = Hashes.commutativeKeccak256(computedHash, proof[i]);": INDEX,
  // Settlement
  "contracts/market/Settlement.sol | overflow | for (uint256 i = 0; i < requests.length; ++i) {": LOOP,
  "contracts/market/Settlement.sol | outOfBounds | FillRequest calldata r = requests[i];": INDEX,
  "contracts/market/Settlement.sol | overflow | for (uint256 i = 0; i < trades.length; ++i) {": LOOP,
  "contracts/market/Settlement.sol | outOfBounds | _settleOne(trades[i], feeBps);": INDEX,
  "contracts/market/Settlement.sol | underflow | return filled < order.amount ? order.amount - filled : 0;":
    "The subtraction runs only when `filled < order.amount`, in the same expression; the checker returned unknown within its time limit.",
  "contracts/market/Settlement.sol | underflow | uint256 received = balanceAfter > before ? balanceAfter - before : 0;":
    "The subtraction runs only when `balanceAfter > before`, in the same expression; the external `balanceOf` calls are abstracted, which leaves the checker undecided.",
  // OpenZeppelin Math, reached through OrderMath.cash and OrderMath.fee
  "@openzeppelin/contracts/utils/math/Math.sol | divByZero | return low / denominator;":
    "Denominators are `10 ** decimals` (at least 1; `_unit` refuses decimals above 77, so it cannot overflow) or the constant 10,000.",
  "@openzeppelin/contracts/utils/math/Math.sol | divByZero | return mulDiv(x, y, denominator) + SafeCast.toUint(unsignedRoundsUp(rounding) && mulmod(x, y, denominator) > 0);":
    "Denominators are `10 ** decimals` (at least 1) or 10,000, as above.",
  "@openzeppelin/contracts/utils/math/Math.sol | overflow | return mulDiv(x, y, denominator) + SafeCast.toUint(unsignedRoundsUp(rounding) && mulmod(x, y, denominator) > 0);":
    "Rounding up adds 1 only when the division has a remainder, so the floor is below 2^256 − 1; an amount and price whose product over the unit exceeds 2^256 reverts in mulDiv (refused, never wrapped). The server caps both at 2^128.",
  "@openzeppelin/contracts/utils/math/Math.sol | divByZero | return uint8(rounding) % 2 == 1;":
    "A modulo by the constant 2.",
};
