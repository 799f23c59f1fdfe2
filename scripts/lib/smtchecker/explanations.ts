/**
 * Why each target the SMTChecker did not prove is safe, keyed by `findingKey` (file | check | the line's code).
 * `npm run smtchecker` fails on any unproved target or counterexample missing here. Most are loop counters and
 * array reads the checker cannot bound because calldata lengths and external calls are abstracted; a reason that
 * names a test points to where the behaviour is shown on a real chain.
 */
const LOOP = "A loop counter bounded by a calldata array's length, which is below 2^64 (the block gas limit bounds it far lower): `++i` cannot reach 2^256.";
const INDEX = "Read at `i < length`, checked by the loop condition on the same line above; the checker abstracts calldata arrays and cannot relate the two.";
// The token's ledger. z3 4.8.12 answers none of its queries in time: every amount sits in a packed word
// (PackedAccount), which solc encodes with bit-vector conversions z3's CHC engine does not decide.
const SUPPLY = "Every mint checks `value > type(uint104).max - totalSupply` first (`SecurityToken._planMint`) and burns only lower the supply, so it stays below 2^104; every balance and per-investor total is at most the supply, so this sum stays below 2^105.";
const FROZEN = "frozen <= balance holds for every wallet: `_freeze` refuses more than the balance, holder transfers move only unfrozen tokens (`_balanceCode`), agent movements first lower the frozen amount to what stays (`_releaseForAgent`), recovery adds both together (`_carryFreeze`). Shown as G3 by the stateful invariant runs (`test/contracts/invariants/security-token.invariants.test.ts`).";
const DEBIT = "Every caller checked `value <= balance` first: holder transfers in `_planTransfer` (INSUFFICIENT_BALANCE), agent transfers and burns in `_releaseForAgent`, recovery moves exactly the lost wallet's balance.";
const HOLDING = "`holdingWallets` counts the investor's wallets with a non-zero balance; this wallet was one of them (it held `value != 0` and now empties), so the count is at least 1 here.";
const WALLETS = "Counts the investor's distinct wallets with a non-zero balance: reaching 2^32 would take 2^32 transactions, and checked arithmetic would revert rather than wrap.";
const SHARED = "Without a sole wallet `sharedBalance` is the sum of the investor's wallet balances (kept on every path of `move`), so it holds at least the sending wallet's balance, which is at least `value` (see `move`'s callers).";
const COUNTRY_LOOP = "A loop over the ISO country codes 1-999 (`MAX_COUNTRY`) in a uint16 counter, whose limit is 65,535; `n` counts listed countries, at most 999.";
const LOCKUPS = "A wallet has at most 16 lock-ups (`MAX_LOCKUPS`, checked before every push), each under 2^104: the counter and the sum stay far below 2^256.";
const LENGTHS = "The arrays' lengths were checked equal before the loop (`SecurityTokenLengthMismatch`), and the loop runs while `i` is below that length.";
const INLINE = "Bounded by the packed country list: a 3-bit count (at most 7 codes), 4 bitmap words of 256 bits each and at most 6 codes counted, so every counter and shift amount stays below 300.";

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

  // SecurityToken and SecurityTokenOps: the ledger (TokenLedger, PackedAccount)
  "contracts/token/TokenLedger.sol | underflow | uint256 left = fa.balance() - value;": DEBIT,
  "contracts/token/TokenLedger.sol | overflow | ta = ta.withBalance(held + value);": SUPPLY,
  "contracts/token/TokenLedger.sol | overflow | countDelta += added;":
    "`countDelta` is -1 or 0 from `_debit` and `added` is 0 or 1 from `_credit`: the sum lies between -1 and 1.",
  "contracts/token/TokenLedger.sol | underflow | countDelta += added;":
    "`countDelta` is -1 or 0 from `_debit` and `added` is 0 or 1 from `_credit`: the sum lies between -1 and 1.",
  "contracts/token/TokenLedger.sol | overflow | s.config = withInvestorCount(config, uint32(uint256(int256(uint256(investorCount(config))) + countDelta)));":
    "A count below 2^32 plus a delta between -1 and 1, in int256.",
  "contracts/token/TokenLedger.sol | underflow | s.config = withInvestorCount(config, uint32(uint256(int256(uint256(investorCount(config))) + countDelta)));":
    "The delta is -1 only when the sender's investor stops holding (`_debit`: its last holding wallet empties); that investor was counted, so the count is at least 1.",
  "contracts/token/TokenLedger.sol | overflow | ++pos.holdingWallets;": WALLETS,
  "contracts/token/TokenLedger.sol | overflow | pos.holdingWallets = holding + 1;": WALLETS,
  "contracts/token/TokenLedger.sol | underflow | --pos.holdingWallets;":
    "Reached when `from` empties and `to` already held, both wallets of this investor: the count is at least 2.",
  "contracts/token/TokenLedger.sol | underflow | uint32 remaining = pos.holdingWallets - 1;": HOLDING,
  "contracts/token/TokenLedger.sol | overflow | s.sharedBalance[id] = fa.balance() + ta.balance();": SUPPLY,
  "contracts/token/TokenLedger.sol | overflow | s.sharedBalance[id] = soleAcct.balance() + value;": SUPPLY,
  "contracts/token/TokenLedger.sol | overflow | if (!ta.has(Acct.SOLE)) s.sharedBalance[id] += value;": SUPPLY,
  "contracts/token/TokenLedger.sol | overflow | s.sharedBalance[id] += value;": SUPPLY,
  "contracts/token/TokenLedger.sol | underflow | if (!sole) s.sharedBalance[id] -= value;": SHARED,
  "contracts/token/TokenLedger.sol | overflow | for (uint256 i; i < lots.length; ++i) {": LOCKUPS,
  "contracts/token/TokenLedger.sol | overflow | if (lots[i].releaseTime > block.timestamp) locked += lots[i].amount;": LOCKUPS,
  "contracts/token/TokenLedger.sol | outOfBounds | if (lots[i].releaseTime > block.timestamp) locked += lots[i].amount;":
    "Read at `i < lots.length`, the loop condition on the line above, of a storage array the loop does not change.",
  "contracts/token/TokenLedger.sol | overflow | for (uint256 i; i < count; ++i) {": INLINE,
  "contracts/token/TokenLedger.sol | overflow | if ((config >> (INLINE_SHIFT + 3 + 10 * i)) & 0x3ff == country) return true;": INLINE,
  "contracts/token/TokenLedger.sol | overflow | for (uint256 word; word < 4 && count <= INLINE_MAX; ++word) {": INLINE,
  "contracts/token/TokenLedger.sol | overflow | bit += 16;": INLINE,
  "contracts/token/TokenLedger.sol | overflow | if (count < INLINE_MAX) packed |= ((word << 8) | bit) << (3 + 10 * count);": INLINE,
  "contracts/token/TokenLedger.sol | overflow | ++count;": INLINE,
  "contracts/token/TokenLedger.sol | overflow | ++bit;": INLINE,
  // SecurityToken
  "contracts/token/SecurityToken.sol | underflow | if (value > type(uint104).max - _s.totalSupply) return (Codes.SUPPLY_OVERFLOW, p);":
    "The supply never exceeds 2^104 - 1: this very check guards every mint, and burns only lower the supply.",
  "contracts/token/SecurityToken.sol | underflow | revert ERC7943InsufficientUnfrozenBalance(from, value, fromAcct.balance() - fromAcct.frozen());": FROZEN,
  "contracts/token/SecurityToken.sol | overflow | for (uint256 i; i < _toList.length; ++i) {": LOOP,
  "contracts/token/SecurityToken.sol | outOfBounds | _transferChecked(msg.sender, _toList[i], _amounts[i]);": LENGTHS,
  "contracts/token/SecurityToken.sol | outOfBounds | _mintChecked(_toList[i], _amounts[i]);": LENGTHS,
  "contracts/token/SecurityToken.sol | overflow | for (uint256 i; i < _userAddresses.length; ++i) {": LOOP,
  "contracts/token/SecurityToken.sol | outOfBounds | Ops.burn(_s, registry, _userAddresses[i], _amounts[i]);": LENGTHS,
  "contracts/token/SecurityToken.sol | overflow | for (uint256 i; i < _fromList.length; ++i) {": LOOP,
  "contracts/token/SecurityToken.sol | outOfBounds | Ops.forcedTransfer(_s, registry, _fromList[i], _toList[i], _amounts[i]);": LENGTHS,
  // SecurityTokenOps: freezes, agent movements, lock-ups
  "contracts/token/SecurityTokenOps.sol | underflow | s.accounts[wallet] = acct.withFrozen(frozen - amount);":
    "`_unfreeze` reverts with `SecurityTokenUnfreezeExceedsFrozen` on the line above when `amount > frozen`.",
  "contracts/token/SecurityTokenOps.sol | underflow | if (amount > frozen) _freeze(s, wallet, amount - frozen);": "Runs only when `amount > frozen`, in the same statement.",
  "contracts/token/SecurityTokenOps.sol | underflow | else if (amount < frozen) _unfreeze(s, wallet, frozen - amount);": "Runs only when `amount < frozen`, in the same statement.",
  "contracts/token/SecurityTokenOps.sol | overflow | uint256 held = acct.frozen() + s.lockedAmount(wallet, acct.lockedUntil());":
    "The frozen amount is below 2^104 (its field is 104 bits) and the locked amount is at most 16 lots of under 2^104 each.",
  "contracts/token/SecurityTokenOps.sol | underflow | return acct.balance() > held ? acct.balance() - held : 0;": "Runs only when `balance > held`, in the same expression.",
  "contracts/token/SecurityTokenOps.sol | underflow | s.totalSupply -= value;":
    "`value` is at most the wallet's balance (`burn`: `_releaseForAgent` reverts otherwise) or the investor's total (`takeFromInvestor`: `_planInvestorTake` reverts otherwise), both at most the supply.",
  "contracts/token/SecurityTokenOps.sol | underflow | uint256 remaining = balance - value;": "`_releaseForAgent` reverts with `ERC20InsufficientBalance` on the line above when `value > balance`.",
  "contracts/token/SecurityTokenOps.sol | underflow | emit IERC3643.TokensUnfrozen(from, frozen - remaining);": "Inside `if (frozen > remaining)`.",
  "contracts/token/SecurityTokenOps.sol | underflow | emit IERC3643.TokensFrozen(carryTo, frozen - remaining);": "Inside `if (frozen > remaining)`.",
  "contracts/token/SecurityTokenOps.sol | underflow | s.accounts[carryTo] = toAcct.withFrozen(toAcct.frozen() + frozen - remaining);": "Inside `if (frozen > remaining)`; the addition comes first.",
  "contracts/token/SecurityTokenOps.sol | overflow | s.accounts[carryTo] = toAcct.withFrozen(toAcct.frozen() + frozen - remaining);":
    "The recipient's frozen amount is at most its balance and `frozen - remaining` at most `value` (frozen <= balance), which it receives next: the sum is at most the supply, below 2^104.",
  "contracts/token/SecurityTokenOps.sol | underflow | _trimLockups(s, from, acct.lockedUntil(), remaining - frozen, carryTo, value - (acct.frozen() - frozen));":
    "After the block above `frozen <= remaining`; `acct.frozen() - frozen` is 0 or the released part `acct.frozen() - remaining`, at most `value` because the frozen amount never exceeds the balance (see `_freeze`, `_balanceCode`, `_carryFreeze`).",
  "contracts/token/SecurityTokenOps.sol | overflow | newAcct.withFrozen(newAcct.frozen() + frozen).withFlag(Acct.FROZEN, wasFrozen || newWasFrozen);":
    "Both frozen amounts are at most their wallets' balances, which `move` has just added together on the new wallet: the sum is at most the supply, below 2^104.",
  "contracts/token/SecurityTokenOps.sol | overflow | listed += acct.balance();":
    "Duplicate wallets are refused a few lines above, so this sums distinct wallets' balances: at most the supply, below 2^104.",
  "contracts/token/SecurityTokenOps.sol | underflow | uint256 unfrozen = acct.balance() - acct.frozen();": FROZEN,
  "contracts/token/SecurityTokenOps.sol | underflow | remaining -= take;": "`take` is the minimum of `remaining` and another amount, on the line above.",
  "contracts/token/SecurityTokenOps.sol | underflow | uint256 left = s.accounts[wallets[i]].balance() - takes[i];":
    "`takes[i]` is at most the wallet's unfrozen balance from the first loop, read from the same storage in this view function.",
  "contracts/token/SecurityTokenOps.sol | overflow | takes[i] += take;": "`take <= left = balance - takes[i]`: the sum is at most the wallet's balance.",
  "contracts/token/SecurityTokenOps.sol | outOfBounds | takes[i] = take;": "`takes` has length `n` and `i < n`.",
  "contracts/token/SecurityTokenOps.sol | outOfBounds | takes[i] += take;": "`takes` has length `n` and `i < n`.",
  "contracts/token/SecurityTokenOps.sol | outOfBounds | uint256 left = s.accounts[wallets[i]].balance() - takes[i];": "`i < n`, the length of both `wallets` and `takes`.",
  "contracts/token/SecurityTokenOps.sol | overflow | for (uint256 i; i < n; ++i) {": LOOP,
  "contracts/token/SecurityTokenOps.sol | outOfBounds | address wallet = wallets[i];": INDEX,
  "contracts/token/SecurityTokenOps.sol | overflow | for (uint256 j; j < i; ++j) {": "`j < i`, itself below a calldata length.",
  "contracts/token/SecurityTokenOps.sol | outOfBounds | if (wallets[j] == wallet) revert ISecurityToken.SecurityTokenDuplicateWallet(wallet);": "`j < i < wallets.length`.",
  "contracts/token/SecurityTokenOps.sol | overflow | for (uint256 i; i < n && remaining != 0; ++i) {": LOOP,
  "contracts/token/SecurityTokenOps.sol | overflow | for (uint256 i; i < wallets.length; ++i) {": LOOP,
  "contracts/token/SecurityTokenOps.sol | outOfBounds | if (takes[i] != 0) _takeFromWallet(s, wallets[i], to, investorId, toId, takes[i]);":
    "`takes` is built by `_planInvestorTake` with the length of `wallets`, and `i < wallets.length`.",
  "contracts/token/SecurityTokenOps.sol | outOfBounds | setAddressFrozen(s, wallets[i], freeze[i]);": LENGTHS,
  "contracts/token/SecurityTokenOps.sol | outOfBounds | changeFrozenTokens(s, wallets[i], amounts[i], freeze);": LENGTHS,
  "contracts/token/SecurityTokenOps.sol | overflow | for (uint256 i; i < holders.length; ++i) {": LOOP,
  "contracts/token/SecurityTokenOps.sol | outOfBounds | address wallet = holders[i];": INDEX,
  "contracts/token/SecurityTokenOps.sol | overflow | listed += balance;":
    "`holders` must be strictly increasing (checked two lines above), so this sums distinct wallets' balances: at most the supply, below 2^104.",
  "contracts/token/SecurityTokenOps.sol | overflow | for (uint256 i; i < c.documents.length; ++i) {": LOOP,
  "contracts/token/SecurityTokenOps.sol | outOfBounds | setDocument(d, c.documents[i].name, c.documents[i].uri, c.documents[i].documentHash);": INDEX,
  "contracts/token/SecurityTokenOps.sol | overflow | for (uint256 i; i < c.agents.length; ++i) {": LOOP,
  "contracts/token/SecurityTokenOps.sol | outOfBounds | setPermissions(s, c.agents[i].agent, c.agents[i].permissions);": INDEX,
  "contracts/token/SecurityTokenOps.sol | overflow | for (uint256 i; i < countries.length; ++i) {": LOOP,
  "contracts/token/SecurityTokenOps.sol | outOfBounds | uint16 c = countries[i];": INDEX,
  "contracts/token/SecurityTokenOps.sol | overflow | for (uint16 c = 1; c <= TokenLedger.MAX_COUNTRY; ++c) {": COUNTRY_LOOP,
  "contracts/token/SecurityTokenOps.sol | overflow | if (s.isListed(c)) ++n;": COUNTRY_LOOP,
  "contracts/token/SecurityTokenOps.sol | overflow | ++n;": COUNTRY_LOOP,
  "contracts/token/SecurityTokenOps.sol | outOfBounds | r.countries[n] = c;":
    "The array was sized by the first loop, which counted the same listed countries in this view function: the second loop writes at most that many.",
  "contracts/token/SecurityTokenOps.sol | underflow | bytes32 last = d.names[d.names.length - 1];":
    "`position != 0` (checked above) means the name is in `d.names` at `position - 1`: the array is not empty.",
  "contracts/token/SecurityTokenOps.sol | outOfBounds | bytes32 last = d.names[d.names.length - 1];": "The array is not empty (see the underflow above).",
  "contracts/token/SecurityTokenOps.sol | underflow | d.names[position - 1] = last;": "`position != 0`, checked above.",
  "contracts/token/SecurityTokenOps.sol | outOfBounds | d.names[position - 1] = last;": "`position` is the 1-based index of the name in `d.names`, set by `setDocument` and kept by every removal.",
  "contracts/token/SecurityTokenOps.sol | popEmptyArray | d.names.pop();": "The array holds the name being removed.",
  "contracts/token/SecurityTokenOps.sol | underflow | uint256 excess = locked - maxLocked;": "The function returned on the line above when `locked <= maxLocked`.",
  "contracts/token/SecurityTokenOps.sol | underflow | for (uint256 i = lots.length; i > 0 && excess > 0; --i) {": "`--i` runs after an iteration that had `i > 0`.",
  "contracts/token/SecurityTokenOps.sol | underflow | ISecurityToken.Lockup storage lot = lots[i - 1];": "`i > 0`, the loop condition.",
  "contracts/token/SecurityTokenOps.sol | outOfBounds | ISecurityToken.Lockup storage lot = lots[i - 1];": "`0 < i <= lots.length`, and the loop never shortens `lots`.",
  "contracts/token/SecurityTokenOps.sol | underflow | lot.amount -= uint104(cut);": "`cut` is the minimum of `lot.amount` and `excess`.",
  "contracts/token/SecurityTokenOps.sol | underflow | excess -= cut;": "`cut` is the minimum of `lot.amount` and `excess`.",
  "contracts/token/SecurityTokenOps.sol | underflow | uint256 take = cut < carryCap - carried ? cut : carryCap - carried;":
    "`carried` only grows by `take <= carryCap - carried`, and the line above skips the rest when `carried == carryCap`: `carried <= carryCap`.",
  "contracts/token/SecurityTokenOps.sol | overflow | carried += take;": "`take <= carryCap - carried`: the sum is at most `carryCap`.",
  "contracts/token/SecurityTokenOps.sol | outOfBounds | if (lots[i].releaseTime <= block.timestamp || lots[i].amount == 0) {": "`i < lots.length`, the loop condition, re-read after every pop.",
  "contracts/token/SecurityTokenOps.sol | outOfBounds | lots[i] = lots[lots.length - 1];": "`i < lots.length`, so the array is not empty and both indexes are in range.",
  "contracts/token/SecurityTokenOps.sol | underflow | lots[i] = lots[lots.length - 1];": "`i < lots.length`, so the length is at least 1.",
  "contracts/token/SecurityTokenOps.sol | popEmptyArray | lots.pop();": "`i < lots.length`, so the array is not empty.",
  "contracts/token/SecurityTokenOps.sol | overflow | ++i;": "`i < lots.length` (at most 16, `MAX_LOCKUPS`).",
  "contracts/token/SecurityTokenOps.sol | overflow | for (uint256 i; i < src.length; ++i) {": LOCKUPS,
  "contracts/token/SecurityTokenOps.sol | outOfBounds | ISecurityToken.Lockup memory lot = src[i];": "`i < src.length`, the loop condition; the loop pushes to `dst`, another wallet's array (`recover` refuses `lost == newWallet`).",
  "contracts/token/SecurityTokenOps.sol | overflow | moved += lot.amount;": LOCKUPS,
};
